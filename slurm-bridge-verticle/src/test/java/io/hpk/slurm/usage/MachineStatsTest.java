package io.hpk.slurm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineStatsTest {

  private static final String STAT =
      """
      cpu  221302 5 45630 164764 771 1 640 199 7 0
      cpu0 110000 0 20000 80000 300 0 300 100 0 0
      btime 1795896433
      """;

  @Test
  void busyTimeIsEverythingButIdleAndIowait() {
    assertThat(MachineStats.busyTicks(STAT)).isEqualTo(221302 + 5 + 45630 + 1 + 640 + 199);
    assertThat(MachineStats.bootTimeSeconds(STAT)).isEqualTo(1795896433L);
  }

  @Test
  void kilobyteFieldsAreBytes() {
    assertThat(
            MachineStats.kilobyteFields(
                "MemTotal:       24683656 kB\nHugePages_Total:       0\nPss:  256 kB\n"))
        .containsEntry("MemTotal", 24683656L * 1024)
        .containsEntry("Pss", 256L * 1024)
        .doesNotContainKey("HugePages_Total");
  }
}
