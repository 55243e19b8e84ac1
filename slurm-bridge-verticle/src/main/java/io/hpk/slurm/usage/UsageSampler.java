package io.hpk.slurm.usage;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes one sample of the compute nodes and of every watched container. Containers are measured by
 * their own jobs on their nodes (the pod directory's usage file); the nodes' load and memory come
 * from Slurm. Nothing is read from the machine this JVM runs on.
 */
final class UsageSampler {

  /** A usage file older than this belongs to a job that no longer samples (ended, node lost). */
  static final long STALE_MILLIS = 30_000;

  /** Where the nodes' load comes from: {@code sinfo} output in {@link SlurmNodeLoad#FORMAT}. */
  interface NodeLoadSource {
    String read() throws IOException;
  }

  private final NodeLoadSource nodes;
  private final Clock clock;
  private final long startedMillis;
  private long cpuNanos;
  private long lastMillis = -1;
  private SlurmNodeLoad lastLoad = new SlurmNodeLoad(0, 0, 0);

  UsageSampler(NodeLoadSource nodes, Clock clock) {
    this.nodes = nodes;
    this.clock = clock;
    this.startedMillis = clock.millis();
  }

  /** Blocking: worker pool only. */
  UsageSnapshot sample(List<WatchedPod> pods) {
    long now = clock.millis();
    List<PodUsage> out = new ArrayList<>();
    for (WatchedPod pod : pods) {
      Optional<JobUsageFile> file = JobUsageFile.read(pod.paths().usageFile());
      if (file.isEmpty() || now - file.get().timestampMillis() > STALE_MILLIS) {
        continue;
      }
      List<ContainerUsage> containers = new ArrayList<>();
      for (WatchedPod.RunningContainer c : pod.containers()) {
        JobUsageFile.Sample s = file.get().containers().get(c.name());
        if (s != null) {
          containers.add(
              new ContainerUsage(
                  c.name(),
                  c.startedAtMillis(),
                  s.cpuNanos(),
                  s.nanoCores(),
                  s.pssBytes(),
                  s.rssBytes()));
        }
      }
      if (!containers.isEmpty()) {
        out.add(new PodUsage(pod.pod(), containers));
      }
    }
    return new UsageSnapshot(now, node(now), out);
  }

  /**
   * Slurm reports load averages, not CPU time: the node's cumulative CPU time is their integral
   * over this sampler's life, so rates taken from it are the load.
   */
  private NodeUsage node(long now) {
    try {
      lastLoad = SlurmNodeLoad.parse(nodes.read());
    } catch (IOException e) {
      // The last answer stands until Slurm answers again.
    }
    long nanoCores = (long) (lastLoad.cpuLoad() * 1e9);
    if (lastMillis >= 0) {
      cpuNanos += nanoCores * (now - lastMillis) / 1000;
    }
    lastMillis = now;
    return new NodeUsage(
        startedMillis,
        cpuNanos,
        nanoCores,
        lastLoad.usedBytes(),
        lastLoad.freeBytes(),
        lastLoad.usedBytes());
  }
}
