package io.hpk.slurm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.UsageSnapshot;
import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's usage file and Slurm's node load, at a clock the test moves. */
class UsageSamplerTest {

  private static final String SINFO =
      "c1 1.50 1000 4000\nc1 1.50 1000 4000\nc2 0.50 3000 4000\nc3 N/A N/A 4000\n";

  @TempDir Path tmp;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private PodDirectory paths;
  private UsageSampler sampler;

  @BeforeEach
  void setUp() throws IOException {
    paths = new PodDirectory(Files.createDirectories(tmp.resolve("pod")));
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneId.of("UTC");
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(now.get());
          }
        };
    sampler = new UsageSampler(() -> SINFO, clock);
  }

  @Test
  void containersAreWhatTheirJobMeasuredOnItsNode() throws IOException {
    Files.writeString(
        paths.usageFile(), "999000\nmain 3200000000 250000000 512000 1024000\nside 5 -1 1 2\n");

    UsageSnapshot s = sampler.sample(List.of(watched("main", "gone")));

    assertThat(s.pods()).hasSize(1);
    List<ContainerUsage> containers = s.pods().get(0).containers();
    assertThat(containers).extracting(ContainerUsage::name).containsExactly("main");
    ContainerUsage main = containers.get(0);
    assertThat(main.cpuUsageNanoSeconds()).isEqualTo(3_200_000_000L);
    assertThat(main.cpuUsageNanoCores()).isEqualTo(250_000_000L);
    assertThat(main.memoryWorkingSetBytes()).isEqualTo(512_000);
    assertThat(main.memoryUsageBytes()).isEqualTo(1_024_000);
    assertThat(main.startTimeMillis()).isEqualTo(900_000);
  }

  @Test
  void aJobThatStoppedSamplingOrNeverWroteIsLeftOut() throws IOException {
    assertThat(sampler.sample(List.of(watched("main"))).pods()).isEmpty();
    Files.writeString(paths.usageFile(), (now.get() - 31_000) + "\nmain 1 1 1 1\n");
    assertThat(sampler.sample(List.of(watched("main"))).pods()).isEmpty();
    Files.writeString(paths.usageFile(), "garbage\n");
    assertThat(sampler.sample(List.of(watched("main"))).pods()).isEmpty();
  }

  @Test
  void theNodeIsTheComputeNodesAsSlurmReportsThemEachCountedOnce() {
    UsageSnapshot first = sampler.sample(List.of());
    now.addAndGet(10_000);
    UsageSnapshot second = sampler.sample(List.of());

    assertThat(first.node().cpuUsageNanoCores()).isEqualTo(2_000_000_000L);
    assertThat(second.node().cpuUsageNanoSeconds() - first.node().cpuUsageNanoSeconds())
        .as("2 cores busy for 10 s")
        .isEqualTo(20_000_000_000L);
    assertThat(second.node().memoryWorkingSetBytes()).isEqualTo((12_000L - 4_000) << 20);
    assertThat(second.node().memoryAvailableBytes()).isEqualTo(4_000L << 20);
  }

  private WatchedPod watched(String... running) {
    return new WatchedPod(
        new PodRef("u1", "default", "p"),
        paths,
        java.util.Arrays.stream(running)
            .map(name -> new WatchedPod.RunningContainer(name, 900_000))
            .toList());
  }
}
