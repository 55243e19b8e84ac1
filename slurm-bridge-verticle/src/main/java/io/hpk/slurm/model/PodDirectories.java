package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;

/** The bridge's way to a pod's directory: its names are checked again before any path is made. */
public final class PodDirectories {

  private PodDirectories() {}

  /**
   * @throws PodSpecException when the namespace, name or UID could not be a Kubernetes one
   */
  public static PodDirectory of(Path workDir, Pod pod) {
    String namespace =
        KubernetesNames.dnsLabel(pod.getMetadata().getNamespace(), "metadata.namespace");
    String name = KubernetesNames.dnsSubdomain(pod.getMetadata().getName(), "metadata.name");
    String uid = KubernetesNames.uid(pod.getMetadata().getUid());
    return PodDirectory.of(workDir, namespace, name, uid);
  }
}
