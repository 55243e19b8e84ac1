package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.kubelet.model.ActiveDeadline;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One timer per running pod with an {@code activeDeadlineSeconds}, set again whenever the pod
 * changes (the deadline may be lowered while it runs); when it fires the pod is handed to {@code
 * onExceeded} once. Confined to the verticle's context.
 */
final class DeadlineTimers {

  private final Vertx vertx;
  private final Consumer<String> onExceeded;
  private final Map<String, Long> timers = new HashMap<>();
  private final Set<String> exceeded = new HashSet<>();

  DeadlineTimers(Vertx vertx, Consumer<String> onExceeded) {
    this.vertx = vertx;
    this.onExceeded = onExceeded;
  }

  /** (Re)arms the pod's timer from its current spec and start time. */
  void watch(Pod pod, Instant now) {
    String uid = pod.getMetadata().getUid();
    if (exceeded.contains(uid)) {
      return;
    }
    cancel(uid);
    Optional<Duration> left = ActiveDeadline.remaining(pod, now);
    if (left.isEmpty()) {
      return;
    }
    // Vert.x timers take at least 1 ms.
    long delay = Math.max(1, left.get().toMillis());
    timers.put(uid, vertx.setTimer(delay, id -> fire(uid)));
  }

  boolean exceeded(String uid) {
    return exceeded.contains(uid);
  }

  void forget(String uid) {
    cancel(uid);
    exceeded.remove(uid);
  }

  void stop() {
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }

  private void fire(String uid) {
    timers.remove(uid);
    if (exceeded.add(uid)) {
      onExceeded.accept(uid);
    }
  }

  private void cancel(String uid) {
    Long timer = timers.remove(uid);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
