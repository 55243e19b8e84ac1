package io.hpk.kubelet.logs;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;

/**
 * Where the job script keeps one container's logs and state. The same rule as the Slurm bridge's
 * {@code PodPaths} ({@code <workDir>/<namespace>/<pod>-<uid8>/}, the name cut at 200 characters),
 * copied because modules share no classes; keep the two in step. Names come from a pod the API
 * server validated and the container from its spec, so they are safe path components.
 */
public record ContainerLogFiles(Path current, Path previous, Path status) {

  private static final int MAX_NAME_IN_DIR = 200;

  public static ContainerLogFiles of(Path workDir, Pod pod, String container) {
    String name = pod.getMetadata().getName();
    String shortName = name.length() > MAX_NAME_IN_DIR ? name.substring(0, MAX_NAME_IN_DIR) : name;
    Path dir =
        workDir
            .resolve(pod.getMetadata().getNamespace())
            .resolve(shortName + "-" + pod.getMetadata().getUid().substring(0, 8));
    return new ContainerLogFiles(
        dir.resolve("logs").resolve(container + ".log"),
        dir.resolve("logs").resolve(container + ".previous.log"),
        dir.resolve("status").resolve(container + ".json"));
  }
}
