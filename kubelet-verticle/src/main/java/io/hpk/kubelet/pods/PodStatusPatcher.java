package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.BackOff;
import io.hpk.common.concurrent.ConcurrencyLimit;
import io.hpk.common.concurrent.WorkerPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod statuses to the API server, coalesced per pod (only the newest waiting status of a pod
 * is written, one write per pod at a time) and rate-limited by a token bucket. Annotations the pod
 * needs go in the same patch, and the pod's UID with them, so a patch never lands on a new pod of
 * the same name. Level-triggered: a write that fails (the API server restarting) is tried again
 * with back-off until the API server has the pod's newest status, or the pod is gone. Event-loop
 * confined; the writes run on the worker pool.
 */
final class PodStatusPatcher {

  private static final Logger LOG = LoggerFactory.getLogger(PodStatusPatcher.class);

  private final Vertx vertx;
  private final KubernetesClient client;
  private final WorkerPool workers;
  private final double perSecond;
  private final double burst;
  private final Map<String, PodRef> refs = new HashMap<>();
  private final Map<String, Update> waiting = new LinkedHashMap<>();
  private final Map<String, Update> written = new HashMap<>();
  private final Map<String, Update> inFlight = new HashMap<>();

  /** Pods whose last write failed: written again when the back-off timer fires. */
  private final Set<String> failed = new HashSet<>();

  /**
   * Writes running at once: with a slow API server the token bucket alone would let status writes
   * hold every thread of the kubelet's pool, and new pods would wait for them to be resolved.
   */
  static final int WRITES_IN_FLIGHT = 8;

  private final ConcurrencyLimit lane = new ConcurrencyLimit(WRITES_IN_FLIGHT);
  private final BackOff retryBackOff = new BackOff(Duration.ofMillis(500), Duration.ofSeconds(30));
  private long retryTimer = -1;
  private double tokens;
  private long lastRefill = System.nanoTime();
  private long drainTimer = -1;
  private final Timer patchLatency;
  private final AtomicInteger queueDepth = new AtomicInteger();

  PodStatusPatcher(
      Vertx vertx,
      KubernetesClient client,
      WorkerPool workers,
      double perSecond,
      int burst,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.client = client;
    this.workers = workers;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.patchLatency =
        Timer.builder("hpk.pod.status.patch")
            .description("Pod status writes to the API server, failed ones included")
            .publishPercentileHistogram()
            .register(meters);
    Gauge.builder("hpk.pod.status.queue", queueDepth, AtomicInteger::get)
        .description("Pod statuses waiting to be written (rate limit, retries)")
        .register(meters);
  }

  /** What one patch writes: the status and the annotations the pod does not have yet. */
  private record Update(PodStatus status, Map<String, String> annotations) {}

  void submit(PodRef ref, PodStatus status, Map<String, String> annotations) {
    Update update = new Update(status, annotations);
    if (update.equals(inFlight.get(ref.uid()))) {
      // Being written: an older status still waiting is superseded by it.
      waiting.remove(ref.uid());
      countWaiting();
      return;
    }
    if (!inFlight.containsKey(ref.uid()) && update.equals(written.get(ref.uid()))) {
      waiting.remove(ref.uid());
      countWaiting();
      return;
    }
    refs.put(ref.uid(), ref);
    waiting.put(ref.uid(), update);
    drain();
  }

  private void countWaiting() {
    queueDepth.set(waiting.size());
  }

  void forget(String uid) {
    failed.remove(uid);
    waiting.remove(uid);
    written.remove(uid);
    refs.remove(uid);
    countWaiting();
  }

  private void drain() {
    refill();
    var pending = waiting.keySet().iterator();
    while (pending.hasNext() && tokens >= 1) {
      String uid = pending.next();
      if (inFlight.containsKey(uid) || failed.contains(uid)) {
        continue;
      }
      Update update = waiting.get(uid);
      pending.remove();
      tokens -= 1;
      write(refs.get(uid), update);
    }
    if (waiting.size() > failed.size() && tokens < 1 && drainTimer < 0) {
      long waitMs = Math.max(1, (long) Math.ceil((1 - tokens) * 1000 / perSecond));
      drainTimer =
          vertx.setTimer(
              waitMs,
              t -> {
                drainTimer = -1;
                drain();
              });
    }
    countWaiting();
  }

  private void write(PodRef ref, Update update) {
    inFlight.put(ref.uid(), update);
    Timer.Sample started = Timer.start();
    lane.run(
            () ->
                workers.run(
                    () ->
                        client
                            .pods()
                            .inNamespace(ref.namespace())
                            .resource(
                                new PodBuilder()
                                    .withNewMetadata()
                                    .withName(ref.name())
                                    .withNamespace(ref.namespace())
                                    .withUid(ref.uid())
                                    .withAnnotations(
                                        update.annotations().isEmpty()
                                            ? null
                                            : update.annotations())
                                    .endMetadata()
                                    .withStatus(update.status())
                                    .build())
                            .patchStatus()))
        .onSuccess(
            done -> {
              written.put(ref.uid(), update);
              retryBackOff.reset();
            })
        .onFailure(e -> writeFailed(ref, update, e))
        .onComplete(
            done -> {
              started.stop(patchLatency);
              inFlight.remove(ref.uid());
              if (waiting.containsKey(ref.uid())) {
                drain();
              }
            });
  }

  private void writeFailed(PodRef ref, Update update, Throwable failure) {
    if (failure instanceof KubernetesClientException e && e.getCode() == 404) {
      LOG.debug("[{}] gone, its status is not written", ref);
      return;
    }
    if (!refs.containsKey(ref.uid())) {
      return;
    }
    LOG.warn("[{}] status not written, tried again: {}", ref, failure.getMessage());
    waiting.putIfAbsent(ref.uid(), update);
    countWaiting();
    failed.add(ref.uid());
    if (retryTimer < 0) {
      retryTimer =
          vertx.setTimer(
              retryBackOff.next().toMillis(),
              t -> {
                retryTimer = -1;
                failed.clear();
                drain();
              });
    }
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastRefill) / 1e9 * perSecond);
    lastRefill = now;
  }
}
