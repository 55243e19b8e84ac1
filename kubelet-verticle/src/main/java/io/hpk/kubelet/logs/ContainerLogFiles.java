package io.hpk.kubelet.logs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;

/**
 * The files of one container a log request reads, from its {@link PodDirectory}. Names come from a
 * pod the API server validated and the container from its spec, so they are safe path components.
 */
public record ContainerLogFiles(Path current, Path previous, Path state) {

  public static ContainerLogFiles of(Path workDir, Pod pod, String container) {
    PodDirectory dir =
        PodDirectory.of(
            workDir,
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid());
    return new ContainerLogFiles(
        dir.containerLog(container), dir.previousLog(container), dir.containerState(container));
  }
}
