package io.hpk.scheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassThroughBindingTest {

  private final PassThroughBinding binding =
      new PassThroughBinding(Set.of("default-scheduler", "hpk-scheduler"), "hpk-kubelet");

  @Test
  void unboundPodOfADefaultSchedulerIsTaken() {
    assertThat(binding.wants(pod(null, null))).isTrue();
    assertThat(binding.wants(pod("hpk-scheduler", null))).isTrue();
  }

  @Test
  void podsOfOtherSchedulersOrAlreadyBoundAreLeftAlone() {
    assertThat(binding.wants(pod("volcano", null))).isFalse();
    assertThat(binding.wants(pod(null, "another-node"))).isFalse();
  }

  @Test
  void podsBeingDeletedAreLeftAlone() {
    Pod deleting =
        new PodBuilder(pod(null, null))
            .editMetadata()
            .withDeletionTimestamp("2026-01-01T00:00:00Z")
            .endMetadata()
            .build();
    assertThat(binding.wants(deleting)).isFalse();
  }

  @Test
  void bindingTargetsTheHpkNodeAndCarriesThePodUid() {
    Binding result = binding.bindingFor(pod(null, null));

    assertThat(result.getTarget().getKind()).isEqualTo("Node");
    assertThat(result.getTarget().getName()).isEqualTo("hpk-kubelet");
    assertThat(result.getMetadata().getName()).isEqualTo("web-0");
    assertThat(result.getMetadata().getUid()).isEqualTo("uid-1");
  }

  private static Pod pod(String schedulerName, String nodeName) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-0")
        .withNamespace("default")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .withSchedulerName(schedulerName)
        .withNodeName(nodeName)
        .endSpec()
        .build();
  }
}
