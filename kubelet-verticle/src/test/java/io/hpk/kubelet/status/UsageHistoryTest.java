package io.hpk.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UsageHistoryTest {

  private static final long MINUTE = 60_000;

  private final UsageHistory history = new UsageHistory(Duration.ofHours(1));

  /** A pod's point is the sum of its containers; a container without a rate yet adds no CPU. */
  @Test
  void aPodsPointSumsItsContainers() {
    history.record(sample(0, 2_000_000_000L, pod("web", 500_000_000L, 300_000_000L)));

    JsonObject web = history.pod("default", "web");

    assertThat(web.getJsonArray("t")).isEqualTo(new JsonArray().add(0L));
    assertThat(web.getJsonArray("cpu").getDouble(0)).isEqualTo(0.8);
    assertThat(web.getJsonArray("mem").getLong(0)).isEqualTo(2_048L);
    assertThat(history.node().getJsonArray("cpu").getDouble(0)).isEqualTo(2.0);
  }

  /** Before the bridge has a CPU rate the point is null, so the plot leaves a gap, not a zero. */
  @Test
  void noRateYetIsAGapNotAZero() {
    history.record(sample(0, -1, pod("web", -1)));

    assertThat(history.node().getJsonArray("cpu").getValue(0)).isNull();
    assertThat(history.pod("default", "web").getJsonArray("cpu").getValue(0)).isNull();
  }

  /** Points older than the window fall out; a repeated (cached) sample is not added twice. */
  @Test
  void keepsOneHourAndIgnoresRepeatedSamples() {
    for (long minute = 0; minute <= 90; minute += 10) {
      history.record(sample(minute * MINUTE, 1_000_000_000L, pod("web", 1)));
    }
    history.record(sample(90 * MINUTE, 1_000_000_000L, pod("web", 1)));

    assertThat(history.size()).isEqualTo(7);
    assertThat(history.node().getJsonArray("t").getLong(0)).isEqualTo(30 * MINUTE);
  }

  /** A pod shows only the samples in which it was measured; an unknown pod has empty series. */
  @Test
  void aPodsSeriesHasOnlyItsOwnSamples() {
    history.record(sample(0, 1, pod("web", 1)));
    history.record(sample(MINUTE, 1));

    assertThat(history.pod("default", "web").getJsonArray("t")).hasSize(1);
    assertThat(history.pod("default", "gone").getJsonArray("t")).isEmpty();
    assertThat(history.node().getJsonArray("t")).hasSize(2);
  }

  private static UsageSnapshot sample(long time, long nodeNanoCores, PodUsage... pods) {
    return new UsageSnapshot(
        time, new NodeUsage(0, 0, nodeNanoCores, 4_096, 0, 0), Arrays.asList(pods));
  }

  private static PodUsage pod(String name, long... nanoCores) {
    return new PodUsage(
        new PodRef("uid-" + name, "default", name),
        Arrays.stream(nanoCores)
            .mapToObj(cores -> new ContainerUsage("c" + cores, 0, 0, cores, 1_024, 2_048))
            .toList());
  }
}
