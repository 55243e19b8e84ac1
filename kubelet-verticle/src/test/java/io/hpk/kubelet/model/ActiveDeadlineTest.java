package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActiveDeadlineTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:10Z");

  /** The deadline counts from the pod's start time, to the second. */
  @Test
  void remainingTimeCountsFromTheStartTime() {
    assertThat(ActiveDeadline.remaining(pod(30L, "2026-12-03T12:00:00Z"), NOW))
        .contains(Duration.ofSeconds(20));
  }

  /** A deadline lowered below the time already run is due at once. */
  @Test
  void aDeadlineAlreadyPassedIsDueNow() {
    assertThat(ActiveDeadline.remaining(pod(5L, "2026-12-03T12:00:00Z"), NOW))
        .contains(Duration.ZERO);
  }

  /** Without a deadline or before the pod started there is nothing to enforce. */
  @Test
  void noDeadlineOrNoStartMeansNoTimer() {
    assertThat(ActiveDeadline.remaining(pod(null, "2026-12-03T12:00:00Z"), NOW)).isEmpty();
    assertThat(ActiveDeadline.remaining(pod(30L, null), NOW)).isEmpty();
  }

  /** The exceeded pod fails with the kubelet's reason and message. */
  @Test
  void exceededStatusFailsThePodWithTheKubeletsWords() {
    var status =
        ActiveDeadline.exceeded(new PodStatusBuilder().withPhase("Running").withReason("").build());

    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(status.getMessage())
        .isEqualTo("Pod was active on the node longer than the specified deadline");
  }

  private static Pod pod(Long deadline, String startTime) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withUid("u")
        .endMetadata()
        .withNewSpec()
        .withActiveDeadlineSeconds(deadline)
        .endSpec()
        .withNewStatus()
        .withStartTime(startTime)
        .endStatus()
        .build();
  }
}
