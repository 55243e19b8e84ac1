package io.hpk.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.bus.SlurmPartition;
import io.hpk.common.bus.UsageSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StatusCollectorTest {

  /** The kubelet answers with its pods, the bridge's partitions and usage, and published events. */
  @Test
  void answersWithPodsSlurmUsageAndEvents(Vertx vertx, VertxTestContext test) {
    var web =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("web")
            .addToAnnotations(StatusDocument.JOB_ID_ANNOTATION, "77")
            .endMetadata()
            .build();
    var slurm =
        new SlurmClusterInfo(
            4,
            8000,
            0,
            "22.05.8",
            "1.4.3",
            true,
            List.of(new SlurmPartition("batch", true, 4, 4, 0, 1, 1)));
    var usage = new UsageSnapshot(1_000, new NodeUsage(0, 0, 500_000_000L, 1, 1, 1), List.of());
    vertx.eventBus().consumer(Addresses.SLURM_CLUSTER_INFO, msg -> msg.reply(slurm.toJson()));
    vertx.eventBus().consumer(Addresses.PODS_USAGE, msg -> msg.reply(usage.toJson()));
    StatusCollector collector = new StatusCollector(vertx, "hpk-kubelet", () -> List.of(web));

    collector
        .start()
        .compose(
            started -> {
              vertx
                  .eventBus()
                  .publish(
                      Addresses.POD_EVENT,
                      new PodEventMessage(new PodRef("u", "default", "web"), true, "Failed", "x")
                          .toJson());
              return askUntilSampled(vertx);
            })
        .onComplete(
            test.succeeding(
                doc ->
                    test.verify(
                        () -> {
                          assertThat(doc.getJsonArray("pods").getJsonObject(0).getString("jobId"))
                              .isEqualTo("77");
                          assertThat(doc.getJsonObject("slurm").getJsonArray("partitions"))
                              .hasSize(1);
                          assertThat(
                                  doc.getJsonObject("nodeUsage").getJsonArray("cpu").getDouble(0))
                              .isEqualTo(0.5);
                          assertThat(
                                  doc.getJsonArray("events").getJsonObject(0).getString("reason"))
                              .isEqualTo("Failed");
                          collector.stop();
                          test.completeNow();
                        })));
  }

  /** The first sample is taken at start; asks again until both replies and the event arrived. */
  private static Future<JsonObject> askUntilSampled(Vertx vertx) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.KUBELET_STATUS, new JsonObject())
        .map(reply -> reply.body())
        .compose(
            doc ->
                doc.getJsonObject("nodeUsage").getJsonArray("t").isEmpty()
                        || doc.getJsonObject("slurm").getJsonArray("partitions").isEmpty()
                        || doc.getJsonArray("events").isEmpty()
                    ? vertx.timer(20).compose(t -> askUntilSampled(vertx))
                    : Future.succeededFuture(doc));
  }
}
