package io.hpk.common.events;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.ConcurrencyLimit;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about pods for one component. The API call runs on the worker pool, at
 * most {@link #IN_FLIGHT} at a time: a burst of pods brings several events each, and they must not
 * take the threads the pods' own path needs. An event that cannot be recorded is logged at debug
 * and never fails the caller's work. Call it from one context (the component's verticle).
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final WorkerPool workers;
  private final String component;

  /** Events being written at once; the others wait in order. */
  public static final int IN_FLIGHT = 4;

  private final ConcurrencyLimit lane = new ConcurrencyLimit(IN_FLIGHT);

  public EventRecorder(KubernetesClient client, WorkerPool workers, String component) {
    this.client = client;
    this.workers = workers;
    this.component = component;
  }

  /** Creates the event; the future fails when the API server did not take it. */
  public Future<Void> record(PodRef pod, boolean warning, String reason, String message) {
    return lane.<Void>run(
            () ->
                workers
                    .run(
                        () ->
                            client
                                .v1()
                                .events()
                                .inNamespace(pod.namespace())
                                .resource(PodEvents.of(pod, component, warning, reason, message))
                                .create())
                    .mapEmpty())
        .onFailure(e -> LOG.debug("[{}] {} event not recorded: {}", pod, reason, e.toString()));
  }
}
