package io.hpk.slurm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageRatesTest {

  private static final PodRef POD = new PodRef("u1", "default", "p");

  @Test
  void aRateIsCpuTimeUsedPerSecondBetweenSamples() {
    UsageSnapshot rated =
        UsageRates.between(sample(0, 1_000, 5_000_000_000L), sample(10_000, 1_000, 7_500_000_000L));

    assertThat(rated.pods().get(0).containers().get(0).cpuUsageNanoCores()).isEqualTo(250_000_000L);
    assertThat(rated.node().cpuUsageNanoCores()).isEqualTo(250_000_000L);
  }

  @Test
  void aRestartedContainerGetsNoRateFromItsPreviousRun() {
    UsageSnapshot rated =
        UsageRates.between(sample(0, 1_000, 5_000_000_000L), sample(10_000, 9_000, 100_000_000L));

    assertThat(rated.pods().get(0).containers().get(0).cpuUsageNanoCores()).isEqualTo(-1);
  }

  private static UsageSnapshot sample(long at, long started, long cpu) {
    return new UsageSnapshot(
        at,
        new NodeUsage(1, cpu, -1, 1, 1, 1),
        List.of(new PodUsage(POD, List.of(new ContainerUsage("main", started, cpu, -1, 1, 1)))));
  }
}
