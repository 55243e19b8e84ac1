package io.hpk.slurm.usage;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes one sample of the machine and of every watched container, without any Slurm call: one pass
 * over {@code /proc} for all pods, then each container's process tree, found from the pid the job
 * script records in {@code status/<container>.pid} when it starts the container.
 */
final class UsageSampler {

  /** A pid file may be older than its container's start stamp by less than a second. */
  private static final long START_SLACK_MILLIS = 1_000;

  private final ProcFs proc;
  private final Clock clock;

  UsageSampler(ProcFs proc, Clock clock) {
    this.proc = proc;
    this.clock = clock;
  }

  /** Blocking: worker pool only. Rates are left at -1; {@link UsageRates} fills them in. */
  UsageSnapshot sample(List<WatchedPod> pods) throws IOException {
    long now = clock.millis();
    String stat = proc.machineStat();
    long bootMillis = MachineStats.bootTimeSeconds(stat) * 1000;
    Map<String, Long> mem = MachineStats.kilobyteFields(proc.meminfo());
    long total = mem.getOrDefault("MemTotal", 0L);
    NodeUsage node =
        new NodeUsage(
            bootMillis,
            MachineStats.busyTicks(stat) * ProcFs.NANOS_PER_TICK,
            -1,
            total - mem.getOrDefault("MemAvailable", 0L),
            mem.getOrDefault("MemAvailable", 0L),
            total - mem.getOrDefault("MemFree", 0L));
    List<PodUsage> out = new ArrayList<>();
    if (!pods.isEmpty()) {
      ProcessTree tree = proc.processes();
      for (WatchedPod pod : pods) {
        List<ContainerUsage> containers = new ArrayList<>();
        for (WatchedPod.RunningContainer c : pod.containers()) {
          measure(pod, c, tree, bootMillis).ifPresent(containers::add);
        }
        if (!containers.isEmpty()) {
          out.add(new PodUsage(pod.pod(), containers));
        }
      }
    }
    return new UsageSnapshot(now, node, out);
  }

  private Optional<ContainerUsage> measure(
      WatchedPod pod, WatchedPod.RunningContainer c, ProcessTree tree, long bootMillis) {
    int pid = readPid(pod.paths().containerPid(c.name()));
    ProcessSample root = pid > 0 ? tree.get(pid) : null;
    // A pid file left by the run before a restart may name a process that reused the number.
    if (root == null
        || bootMillis + root.startTicks() * 1000 / ProcFs.TICKS_PER_SECOND
            < c.startedAtMillis() - START_SLACK_MILLIS) {
      return Optional.empty();
    }
    List<ProcessSample> processes = tree.subtree(pid);
    long pss = 0;
    long rss = 0;
    for (ProcessSample p : processes) {
      ProcFs.Memory m = proc.memory(p.pid());
      pss += m.pss();
      rss += m.rss();
    }
    long cpu = ProcessTree.cpuTicks(processes) * ProcFs.NANOS_PER_TICK;
    return Optional.of(new ContainerUsage(c.name(), c.startedAtMillis(), cpu, -1, pss, rss));
  }

  private static int readPid(Path file) {
    try {
      String text = Files.readString(file).trim();
      return text.matches("[0-9]{1,9}") ? Integer.parseInt(text) : -1;
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
