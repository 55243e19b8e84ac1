package io.hpk.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.SlurmClusterInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge reads the lab's real Slurm: the CPUs it declares and the installed versions. */
@Timeout(60)
class SlurmClusterProbeIT {

  @Test
  void readsCapacityAndVersionsFromTheLabsSlurm() {
    SlurmClusterInfo info = new SlurmClusterProbe().read();

    assertThat(info.responding()).isTrue();
    assertThat(info.cpus()).isGreaterThanOrEqualTo(2);
    assertThat(info.memoryMegabytes()).isPositive();
    assertThat(info.slurmVersion()).matches("\\d+\\.\\d+.*");
    assertThat(info.apptainerVersion()).startsWith("1.4");
  }
}
