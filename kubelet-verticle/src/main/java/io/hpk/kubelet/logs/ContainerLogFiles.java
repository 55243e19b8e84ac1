package io.hpk.kubelet.logs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodDirectoryLayout;
import java.nio.file.Path;

/**
 * Where the job script keeps one container's logs and state, in the pod directory of {@link
 * PodDirectoryLayout}. Names come from a pod the API server validated and the container from its
 * spec, so they are safe path components.
 */
public record ContainerLogFiles(Path current, Path previous, Path status) {

  public static ContainerLogFiles of(Path workDir, Pod pod, String container) {
    Path dir =
        PodDirectoryLayout.podDir(
            workDir,
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid());
    return new ContainerLogFiles(
        dir.resolve("logs").resolve(container + ".log"),
        dir.resolve("logs").resolve(container + ".previous.log"),
        dir.resolve("status").resolve(container + ".json"));
  }
}
