package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodTokensUpdate;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.model.IssuedToken;
import io.hpk.kubelet.model.TokenRefreshSchedule;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the projected service-account tokens of running pods again when {@link
 * TokenRefreshSchedule} says so, on the worker pool, and hands them to the bridge, which replaces
 * the pods' token files. Confined to the verticle's context.
 */
final class TokenRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);
  private static final long CHECK_MS = 5_000;
  private static final Duration RETRY = Duration.ofSeconds(30);
  private static final long BRIDGE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final WorkerPool workers;
  private final ServiceAccountTokens tokens;
  private final NodePods pods;
  private final TokenRefreshSchedule schedule;
  private final Clock clock;
  private JobOwner owner;
  private long timer = -1;

  TokenRefresher(
      Vertx vertx,
      WorkerPool workers,
      ServiceAccountTokens tokens,
      NodePods pods,
      TokenRefreshSchedule schedule,
      Clock clock) {
    this.vertx = vertx;
    this.workers = workers;
    this.tokens = tokens;
    this.pods = pods;
    this.schedule = schedule;
    this.clock = clock;
  }

  void start(JobOwner owner) {
    this.owner = owner;
    timer =
        vertx.setPeriodic(
            CHECK_MS, tick -> schedule.takeDue(clock.instant()).forEach(this::refresh));
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  void track(PodRef pod, Map<String, IssuedToken> issued) {
    schedule.track(pod, issued);
  }

  void forget(String podUid) {
    schedule.forget(podUid);
  }

  private void refresh(PodRef ref, Set<String> keys) {
    Optional<Pod> found =
        pods.pod(ref.namespace(), ref.name())
            .filter(p -> ref.uid().equals(p.getMetadata().getUid()));
    if (found.isEmpty()) {
      schedule.forget(ref.uid());
      return;
    }
    Pod pod = found.get();
    workers
        .run(() -> tokens.issue(pod, keys::contains))
        .compose(
            issued ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.POD_TOKENS,
                        new PodTokensUpdate(owner, PodJson.toJson(pod), values(issued)).toJson(),
                        new DeliveryOptions().setSendTimeout(BRIDGE_TIMEOUT_MS))
                    .map(replaced -> issued))
        .onSuccess(
            issued -> {
              schedule.refreshed(ref.uid(), issued);
              LOG.info("[{}] service-account tokens refreshed: {}", ref, issued.values());
            })
        .onFailure(
            e -> {
              schedule.failed(ref.uid(), clock.instant().plus(RETRY));
              LOG.warn(
                  "[{}] service-account tokens not refreshed, again in {}s: {}",
                  ref,
                  RETRY.toSeconds(),
                  BusFailure.describe(Addresses.POD_TOKENS, e));
            });
  }

  private static Map<String, String> values(Map<String, IssuedToken> issued) {
    Map<String, String> values = new LinkedHashMap<>();
    issued.forEach((key, token) -> values.put(key, token.token()));
    return values;
  }
}
