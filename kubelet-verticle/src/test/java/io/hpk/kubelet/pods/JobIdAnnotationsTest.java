package io.hpk.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobIdAnnotationsTest {

  private static Pod pod(Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  /** The job id and the compute node ride on status patches until the pod carries both. */
  @Test
  void aPodGetsItsJobIdAndNodeOnce() {
    assertThat(JobIdAnnotations.wanted(pod(Map.of()), "", "")).isEmpty();
    assertThat(JobIdAnnotations.wanted(pod(Map.of()), "42", ""))
        .containsExactly(Map.entry("slurm.hpk.io/job-id", "42"));
    assertThat(JobIdAnnotations.wanted(pod(Map.of("slurm.hpk.io/job-id", "42")), "42", "c2"))
        .containsExactly(Map.entry("slurm.hpk.io/node", "c2"));
    assertThat(
            JobIdAnnotations.wanted(
                pod(Map.of("slurm.hpk.io/job-id", "42", "slurm.hpk.io/node", "c2")), "42", "c2"))
        .isEmpty();
  }
}
