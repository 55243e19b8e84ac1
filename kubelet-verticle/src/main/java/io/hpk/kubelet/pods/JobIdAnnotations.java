package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;

/**
 * Each pod carries its Slurm job id as the annotation {@value #KEY}, so anyone can match {@code
 * kubectl describe pod} with {@code squeue}, and the compute node its job (or, in a gang, its step)
 * runs on as {@value #NODE_KEY}: the Kubernetes node is HPK's one virtual node. They ride on the
 * pod's status patch (the pods/status subresource keeps metadata changes), so they cost no write of
 * their own.
 */
final class JobIdAnnotations {

  static final String KEY = "slurm.hpk.io/job-id";
  static final String NODE_KEY = "slurm.hpk.io/node";

  private JobIdAnnotations() {}

  /** The annotations the pod still needs for this job and node: empty once the pod has them. */
  static Map<String, String> wanted(Pod pod, String jobId, String node) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Map.of();
    }
    Map<String, String> has = pod.getMetadata().getAnnotations();
    Map<String, String> wanted = new HashMap<>();
    if (!jobId.isEmpty() && (has == null || !jobId.equals(has.get(KEY)))) {
      wanted.put(KEY, jobId);
    }
    if (!node.isEmpty() && (has == null || !node.equals(has.get(NODE_KEY)))) {
      wanted.put(NODE_KEY, node);
    }
    return Map.copyOf(wanted);
  }
}
