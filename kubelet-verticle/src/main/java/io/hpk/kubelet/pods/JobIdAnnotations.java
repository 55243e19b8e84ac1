package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Each pod carries its Slurm job id as the annotation {@value #KEY}, so anyone can match {@code
 * kubectl describe pod} with {@code squeue}. It rides on the pod's status patch (the pods/status
 * subresource keeps metadata changes), so it costs no write of its own.
 */
final class JobIdAnnotations {

  static final String KEY = "slurm.hpk.io/job-id";

  private JobIdAnnotations() {}

  /** The annotation the pod still needs for this job id: empty once the pod has it. */
  static Map<String, String> wanted(Pod pod, String jobId) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (jobId.isEmpty()
        || pod.getMetadata().getDeletionTimestamp() != null
        || annotations != null && jobId.equals(annotations.get(KEY))) {
      return Map.of();
    }
    return Map.of(KEY, jobId);
  }
}
