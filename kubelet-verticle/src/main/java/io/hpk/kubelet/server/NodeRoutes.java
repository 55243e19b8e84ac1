package io.hpk.kubelet.server;

import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.pods.NodePods;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/** {@code /healthz} and {@code /pods} (this node's pods, as the informer last saw them). */
public final class NodeRoutes implements KubeletRoutes {

  private final NodePods pods;
  private final KubernetesClient client;
  private final WorkerPool workers;

  public NodeRoutes(NodePods pods, KubernetesClient client, WorkerPool workers) {
    this.pods = pods;
    this.client = client;
    this.workers = workers;
  }

  @Override
  public void mount(Router router) {
    router
        .get("/healthz")
        .handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok"));
    router
        .get("/pods")
        .handler(
            ctx ->
                workers
                    .run(
                        () ->
                            client
                                .getKubernetesSerialization()
                                .asJson(
                                    new PodListBuilder()
                                        .withNewMetadata()
                                        .endMetadata()
                                        .withItems(pods.pods())
                                        .build()))
                    .onSuccess(
                        json ->
                            ctx.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(json))
                    .onFailure(ctx::fail));
  }
}
