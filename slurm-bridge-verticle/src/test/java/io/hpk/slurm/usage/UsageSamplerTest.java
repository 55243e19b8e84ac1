package io.hpk.slurm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.UsageSnapshot;
import io.hpk.slurm.model.PodPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples a fake /proc: boot at 1000 s, the container started at 1100 s (tick 10000). */
class UsageSamplerTest {

  @TempDir Path tmp;
  private Path proc;
  private PodPaths paths;
  private UsageSampler sampler;

  @BeforeEach
  void fakeMachine() throws IOException {
    proc = Files.createDirectories(tmp.resolve("proc"));
    Files.writeString(proc.resolve("stat"), "cpu  100 0 50 1000 10 0 0 0 0 0\nbtime 1000\n");
    Files.writeString(
        proc.resolve("meminfo"), "MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 600 kB\n");
    process(1, 0, 0, 0, 10);
    process(500, 1, 7, 10_000, 100); // the job script's container supervisor
    process(501, 500, 20, 10_000, 200); // apptainer starter: the container's root
    process(502, 501, 300, 10_050, 300); // the container's shell
    process(503, 500, 900, 10_000, 400); // the log copier, not the container's
    paths = new PodPaths(Files.createDirectories(tmp.resolve("pod")));
    Files.createDirectories(paths.statusDir());
    sampler =
        new UsageSampler(
            new ProcFs(proc), Clock.fixed(Instant.ofEpochSecond(1200), ZoneOffset.UTC));
  }

  @Test
  void aContainerIsItsPidsProcessTree() throws IOException {
    Files.writeString(paths.containerPid("main"), "501\n");

    UsageSnapshot s = sampler.sample(List.of(watched(1_100_000)));

    ContainerUsage main = s.pods().get(0).containers().get(0);
    assertThat(main.cpuUsageNanoSeconds()).isEqualTo(320 * 10_000_000L);
    assertThat(main.memoryWorkingSetBytes()).isEqualTo((200 + 300) * 1024L);
    assertThat(main.memoryUsageBytes()).isEqualTo((400 + 600) * 1024L);
    assertThat(main.startTimeMillis()).isEqualTo(1_100_000);
    assertThat(s.node().cpuUsageNanoSeconds()).isEqualTo(150 * 10_000_000L);
    assertThat(s.node().memoryWorkingSetBytes()).isEqualTo(400 * 1024L);
    assertThat(s.node().startTimeMillis()).isEqualTo(1_000_000);
  }

  @Test
  void aPidOlderThanTheContainersStartIsNotTheContainer() throws IOException {
    Files.writeString(paths.containerPid("main"), "501\n");

    assertThat(sampler.sample(List.of(watched(1_150_000))).pods()).isEmpty();
  }

  @Test
  void aContainerWithoutPidFileOrProcessIsLeftOut() throws IOException {
    assertThat(sampler.sample(List.of(watched(1_100_000))).pods()).isEmpty();
    Files.writeString(paths.containerPid("main"), "4711\n");
    assertThat(sampler.sample(List.of(watched(1_100_000))).pods()).isEmpty();
  }

  private WatchedPod watched(long startedAt) {
    return new WatchedPod(
        new PodRef("u1", "default", "p"),
        paths,
        List.of(new WatchedPod.RunningContainer("main", startedAt)));
  }

  /** A process whose RSS is twice its PSS. */
  private void process(int pid, int parent, long ticks, long startTick, long pssKb)
      throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(
        dir.resolve("stat"),
        pid
            + " (p) S "
            + parent
            + " 0 0 0 -1 0 0 0 0 0 "
            + ticks
            + " 0 0 0 20 0 1 0 "
            + startTick
            + " 0 0\n");
    Files.writeString(
        dir.resolve("smaps_rollup"), "Rss: " + (2 * pssKb) + " kB\nPss: " + pssKb + " kB\n");
  }
}
