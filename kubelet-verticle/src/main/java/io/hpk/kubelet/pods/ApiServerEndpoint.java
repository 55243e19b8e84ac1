package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hpk.kubelet.model.KubernetesServiceEnv;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where pods reach the API server: the EndpointSlices of the {@code default/kubernetes} Service,
 * which the API server keeps itself, followed by an informer so no pod start asks for them.
 */
final class ApiServerEndpoint {

  private final SharedIndexInformer<EndpointSlice> informer;

  ApiServerEndpoint(KubernetesClient client) {
    this.informer =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace("default")
            .withLabel("kubernetes.io/service-name", "kubernetes")
            .runnableInformer(0);
  }

  CompletionStage<Void> start() {
    return informer.start();
  }

  /** KUBERNETES_SERVICE_HOST and the rest; empty while the API server publishes no endpoint. */
  Map<String, String> environment() {
    return KubernetesServiceEnv.of(informer.getStore().list());
  }

  void stop() {
    informer.close();
  }
}
