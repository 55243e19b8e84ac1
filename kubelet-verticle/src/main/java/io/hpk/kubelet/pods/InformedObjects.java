package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hpk.common.concurrent.OnContextHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.function.BiConsumer;

/**
 * The cluster's ConfigMaps and Secrets as two informers keep them, so starting a pod reads them
 * from memory instead of asking the API server, and a change reaches running pods at once. HPK's
 * cluster is one user's, small enough to hold whole. An object the informer has not seen yet (made
 * a moment before the pod) is asked for once. Stores are thread-safe; lookups may run on workers.
 */
final class InformedObjects {

  private final KubernetesClient client;
  private final SharedIndexInformer<ConfigMap> configMaps;
  private final SharedIndexInformer<Secret> secrets;

  InformedObjects(KubernetesClient client) {
    this.client = client;
    this.configMaps = client.configMaps().inAnyNamespace().runnableInformer(0);
    this.secrets = client.secrets().inAnyNamespace().runnableInformer(0);
  }

  /** Starts both; {@code changed} gets the namespace and name of each object added or updated. */
  Future<Void> start(Context context, BiConsumer<String, String> changed) {
    configMaps.addEventHandler(handler(context, changed));
    secrets.addEventHandler(handler(context, changed));
    return Future.all(
            Future.fromCompletionStage(configMaps.start(), context),
            Future.fromCompletionStage(secrets.start(), context))
        .mapEmpty();
  }

  /** Blocking when the informer does not have it: worker pool only. */
  ConfigMap configMap(String namespace, String name) {
    ConfigMap known = configMaps.getStore().getByKey(namespace + "/" + name);
    return known != null ? known : client.configMaps().inNamespace(namespace).withName(name).get();
  }

  /** Blocking when the informer does not have it: worker pool only. */
  Secret secret(String namespace, String name) {
    Secret known = secrets.getStore().getByKey(namespace + "/" + name);
    return known != null ? known : client.secrets().inNamespace(namespace).withName(name).get();
  }

  void stop() {
    configMaps.close();
    secrets.close();
  }

  private static <T extends HasMetadata> OnContextHandler<T> handler(
      Context context, BiConsumer<String, String> changed) {
    return new OnContextHandler<>(
        context,
        object ->
            changed.accept(object.getMetadata().getNamespace(), object.getMetadata().getName()),
        object -> {});
  }
}
