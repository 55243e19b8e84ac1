package io.hpk.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodPhaseGaugesTest {

  /** The gauge counts pods by phase, still after a garbage collection, and is gone once removed. */
  @Test
  void countsPodsByPhaseUntilRemoved() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<Pod> pods = List.of(pod("Running"), pod("Running"), pod("Failed"));
    PodPhaseGauges gauges = PodPhaseGauges.register(meters, () -> pods);
    System.gc();

    assertThat(meters.get("hpk.pods").tag("phase", "Running").gauge().value()).isEqualTo(2);
    assertThat(meters.get("hpk.pods").tag("phase", "Failed").gauge().value()).isEqualTo(1);
    assertThat(meters.get("hpk.pods").tag("phase", "Pending").gauge().value()).isZero();
    gauges.remove();
    assertThat(meters.find("hpk.pods").gauges()).isEmpty();
  }

  private static Pod pod(String phase) {
    return new PodBuilder().withNewStatus().withPhase(phase).endStatus().build();
  }
}
