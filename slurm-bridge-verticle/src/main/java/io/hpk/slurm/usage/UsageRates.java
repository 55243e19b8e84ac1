package io.hpk.slurm.usage;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.util.HashMap;
import java.util.Map;

/** Fills in CPU rates (nanocores) from the CPU time used between two samples. */
final class UsageRates {

  private UsageRates() {}

  static UsageSnapshot between(UsageSnapshot previous, UsageSnapshot current) {
    long elapsedNanos = (current.timestampMillis() - previous.timestampMillis()) * 1_000_000;
    if (elapsedNanos <= 0) {
      return current;
    }
    Map<String, ContainerUsage> before = new HashMap<>();
    previous.pods().forEach(p -> p.containers().forEach(c -> before.put(key(p, c), c)));
    NodeUsage n = current.node();
    NodeUsage node =
        new NodeUsage(
            n.startTimeMillis(),
            n.cpuUsageNanoSeconds(),
            rate(previous.node().cpuUsageNanoSeconds(), n.cpuUsageNanoSeconds(), elapsedNanos),
            n.memoryWorkingSetBytes(),
            n.memoryAvailableBytes(),
            n.memoryUsageBytes());
    return new UsageSnapshot(
        current.timestampMillis(),
        node,
        current.pods().stream()
            .map(
                p ->
                    new PodUsage(
                        p.pod(),
                        p.containers().stream()
                            .map(c -> withRate(c, before.get(key(p, c)), elapsedNanos))
                            .toList()))
            .toList());
  }

  private static ContainerUsage withRate(ContainerUsage c, ContainerUsage before, long elapsed) {
    // Another run of the container (a restart) is not comparable: its counter began again.
    // A rate the job measured on its node stands; it saw every sample.
    if (c.cpuUsageNanoCores() >= 0
        || before == null
        || before.startTimeMillis() != c.startTimeMillis()) {
      return c;
    }
    return new ContainerUsage(
        c.name(),
        c.startTimeMillis(),
        c.cpuUsageNanoSeconds(),
        rate(before.cpuUsageNanoSeconds(), c.cpuUsageNanoSeconds(), elapsed),
        c.memoryWorkingSetBytes(),
        c.memoryUsageBytes());
  }

  /** CPU nanoseconds per elapsed second; -1 when the counter went back (processes ended). */
  private static long rate(long before, long after, long elapsedNanos) {
    if (after < before) {
      return -1;
    }
    return (long) ((after - before) * 1e9 / elapsedNanos);
  }

  private static String key(PodUsage p, ContainerUsage c) {
    return p.pod().uid() + "/" + c.name();
  }
}
