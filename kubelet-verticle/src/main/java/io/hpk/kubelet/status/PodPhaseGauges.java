package io.hpk.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gauge {@code hpk_pods{phase=…}}: the node's pods by phase, counted from the informer's cache
 * (thread-safe) when the metrics are read.
 */
public final class PodPhaseGauges {

  private static final List<String> PHASES =
      List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");

  private final MeterRegistry meters;
  private final List<Meter> registered = new ArrayList<>();

  private PodPhaseGauges(MeterRegistry meters) {
    this.meters = meters;
  }

  public static PodPhaseGauges register(MeterRegistry meters, Supplier<List<Pod>> pods) {
    PodPhaseGauges gauges = new PodPhaseGauges(meters);
    for (String phase : PHASES) {
      gauges.registered.add(
          Gauge.builder("hpk.pods", pods, p -> count(p.get(), phase))
              .description("Pods on the node by phase")
              .tag("phase", phase)
              // The supplier is a lambda nothing else holds: a weak reference would read NaN.
              .strongReference(true)
              .register(meters));
    }
    return gauges;
  }

  public void remove() {
    registered.forEach(meters::remove);
  }

  static long count(List<Pod> pods, String phase) {
    return pods.stream()
        .filter(p -> phase.equals(p.getStatus() == null ? "Pending" : p.getStatus().getPhase()))
        .count();
  }
}
