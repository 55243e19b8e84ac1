package io.hpk.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.bus.UsageSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the status page shows: samples the bridge's usage and Slurm's partitions on a timer
 * into an hour of history, keeps the pods' recent events, and answers {@link
 * Addresses#KUBELET_STATUS} with the {@link StatusDocument}. Event-loop confined.
 */
public final class StatusCollector {

  private static final Logger LOG = LoggerFactory.getLogger(StatusCollector.class);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
  private static final Duration HISTORY = Duration.ofHours(1);
  private static final int EVENTS_KEPT = 200;

  private final Vertx vertx;
  private final String nodeName;
  private final Supplier<List<Pod>> pods;
  private final UsageHistory usage = new UsageHistory(HISTORY);
  private final RecentEvents events = new RecentEvents(EVENTS_KEPT);
  private SlurmClusterInfo slurm = SlurmClusterInfo.silent("", "");
  private MessageConsumer<JsonObject> statusConsumer;
  private MessageConsumer<JsonObject> eventConsumer;
  private long sampleTimer = -1;

  public StatusCollector(Vertx vertx, String nodeName, Supplier<List<Pod>> pods) {
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.pods = pods;
  }

  public Future<Void> start() {
    statusConsumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.KUBELET_STATUS,
                msg ->
                    msg.reply(
                        StatusDocument.render(
                            nodeName,
                            System.currentTimeMillis(),
                            pods.get(),
                            slurm,
                            usage,
                            events)));
    eventConsumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.POD_EVENT,
                msg ->
                    events.add(System.currentTimeMillis(), PodEventMessage.fromJson(msg.body())));
    sampleTimer = vertx.setPeriodic(0, SAMPLE_EVERY.toMillis(), tick -> sample());
    return Future.all(statusConsumer.completion(), eventConsumer.completion()).mapEmpty();
  }

  public void stop() {
    vertx.cancelTimer(sampleTimer);
    if (statusConsumer != null) {
      statusConsumer.unregister();
      eventConsumer.unregister();
    }
  }

  private void sample() {
    ask(Addresses.PODS_USAGE).onSuccess(json -> usage.record(UsageSnapshot.fromJson(json)));
    ask(Addresses.SLURM_CLUSTER_INFO).onSuccess(json -> slurm = SlurmClusterInfo.fromJson(json));
  }

  private Future<JsonObject> ask(String address) {
    return BusQuestion.ask(vertx, address)
        .onFailure(
            e -> LOG.debug("[node {}] status page: {}", nodeName, BusFailure.describe(address, e)));
  }
}
