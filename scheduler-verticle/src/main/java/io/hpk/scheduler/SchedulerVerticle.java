package io.hpk.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.BackOff;
import io.hpk.common.concurrent.OnContextHandler;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig;
import io.hpk.common.events.EventRecorder;
import io.hpk.scheduler.model.PassThroughBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pass-through scheduler: Slurm does the real scheduling, so every pod of ours is bound to the HPK
 * node at once. Failed bindings are retried with bounded back-off; the informer's resync brings
 * back any pod still unbound after the API server was away.
 */
public class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
  private static final String COMPONENT = "hpk-scheduler";
  private static final long RESYNC_MS = 30_000;

  /**
   * Bindings in flight at once. Each is one blocking API call; a burst of pods is bound this many
   * at a time (the Scheduled events take at most {@link EventRecorder#IN_FLIGHT} more threads).
   */
  static final int BINDINGS_IN_FLIGHT = 16;

  private final KubernetesClient client;
  private final PassThroughBinding binding;

  /** Pods with a binding in flight or waiting for a retry, by uid. */
  private final Map<String, BackOff> pending = new HashMap<>();

  private WorkerPool workers;
  private EventRecorder events;
  private SharedIndexInformer<Pod> informer;

  public SchedulerVerticle(
      KubernetesClient client, HpkConfig.SchedulerConfig config, String nodeName) {
    this.client = client;
    this.binding = new PassThroughBinding(config.schedulerNames(), nodeName);
  }

  @Override
  public Future<?> start() {
    workers = new WorkerPool(vertx, "hpk-scheduler", BINDINGS_IN_FLIGHT + EventRecorder.IN_FLIGHT);
    events = new EventRecorder(client, workers, COMPONENT);
    informer =
        client.pods().inAnyNamespace().withField("spec.nodeName", "").runnableInformer(RESYNC_MS);
    informer.addEventHandler(new OnContextHandler<>(context, this::consider, this::forget));
    return Future.fromCompletionStage(informer.start(), context)
        .onSuccess(synced -> LOG.info("binding unscheduled pods to node {}", binding.nodeName()));
  }

  private void consider(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!binding.wants(pod) || pending.containsKey(uid)) {
      return;
    }
    pending.put(uid, new BackOff(Duration.ofMillis(200), Duration.ofSeconds(30)));
    bind(pod);
  }

  private void bind(Pod pod) {
    String uid = pod.getMetadata().getUid();
    long asked = System.nanoTime();
    workers
        .run(
            () ->
                client
                    .bindings()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .resource(binding.bindingFor(pod))
                    .create())
        .onSuccess(
            bound -> {
              pending.remove(uid);
              LOG.info(
                  "[{}] bound to {} in {} ms",
                  key(pod),
                  binding.nodeName(),
                  (System.nanoTime() - asked) / 1_000_000);
              recordScheduled(pod);
            })
        .onFailure(e -> retryOrDrop(pod, e));
  }

  private void retryOrDrop(Pod pod, Throwable e) {
    String uid = pod.getMetadata().getUid();
    int code = e instanceof KubernetesClientException k ? k.getCode() : 0;
    if (code == 409 || code == 404 || code == 422) {
      LOG.debug("[{}] not bound ({}): already bound or gone", key(pod), code);
      pending.remove(uid);
      return;
    }
    BackOff backOff = pending.get(uid);
    if (backOff == null) {
      return;
    }
    Duration delay = backOff.next();
    LOG.warn(
        "[{}] binding failed ({}), retrying in {} ms", key(pod), e.getMessage(), delay.toMillis());
    vertx.setTimer(delay.toMillis(), t -> bind(pod));
  }

  private void recordScheduled(Pod pod) {
    String message =
        "Successfully assigned " + key(pod) + " to " + binding.nodeName() + " (Slurm schedules it)";
    events.record(PodRef.of(pod), false, "Scheduled", message);
  }

  private void forget(Pod pod) {
    pending.remove(pod.getMetadata().getUid());
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  @Override
  public Future<?> stop() {
    informer.close();
    pending.clear();
    return vertx.executeBlocking(
        () -> {
          workers.close();
          return null;
        });
  }
}
