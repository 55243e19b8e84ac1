package io.hpk.kubelet.model;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.util.List;

/**
 * The pods and containers worth reporting: metrics-server drops a whole pod when one of its
 * containers shows zero CPU or memory, so a container without a real sample is left out.
 */
final class MeasuredUsage {

  private MeasuredUsage() {}

  static List<PodUsage> pods(UsageSnapshot snapshot) {
    return snapshot.pods().stream()
        .map(
            p ->
                new PodUsage(p.pod(), p.containers().stream().filter(MeasuredUsage::real).toList()))
        .filter(p -> !p.containers().isEmpty())
        .toList();
  }

  private static boolean real(ContainerUsage c) {
    return c.cpuUsageNanoSeconds() > 0 && c.memoryWorkingSetBytes() > 0 && c.startTimeMillis() > 0;
  }

  static long podCpuNanoSeconds(PodUsage pod) {
    return pod.containers().stream().mapToLong(ContainerUsage::cpuUsageNanoSeconds).sum();
  }

  static long podWorkingSetBytes(PodUsage pod) {
    return pod.containers().stream().mapToLong(ContainerUsage::memoryWorkingSetBytes).sum();
  }

  static long podStartMillis(PodUsage pod) {
    return pod.containers().stream().mapToLong(ContainerUsage::startTimeMillis).min().orElse(0);
  }
}
