package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.pods.PodResourceResolver.ResolvedPod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** A pod resolved on the worker pool (ConfigMaps, Secrets, tokens), then sent to the bridge. */
final class ResolvedPodSender {

  private final Vertx vertx;
  private final WorkerPool workers;
  private final PodResourceResolver resolver;

  ResolvedPodSender(Vertx vertx, WorkerPool workers, PodResourceResolver resolver) {
    this.vertx = vertx;
    this.workers = workers;
    this.resolver = resolver;
  }

  /** Completes with what was sent once the bridge answered. */
  Future<ResolvedPod> send(String address, Pod pod, JobOwner owner, long timeoutMs) {
    return workers
        .run(() -> resolver.resolve(pod, owner))
        .compose(
            resolved ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        address,
                        resolved.request().toJson(),
                        new DeliveryOptions().setSendTimeout(timeoutMs))
                    .map(resolved));
  }
}
