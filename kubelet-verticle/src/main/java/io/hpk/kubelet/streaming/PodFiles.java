package io.hpk.kubelet.streaming;

import io.hpk.common.bus.PodDirectoryLayout;
import java.nio.file.Path;

/**
 * The files of one pod that the job script writes for exec and attach, in the pod directory the
 * Slurm bridge lays out ({@link PodDirectoryLayout}).
 */
public record PodFiles(Path dir) {

  public static PodFiles of(Path workDir, String namespace, String name, String uid) {
    return new PodFiles(PodDirectoryLayout.podDir(workDir, namespace, name, uid));
  }

  /** The pid of the container's Apptainer runtime parent while the container runs. */
  public Path containerPid(String container) {
    return dir.resolve("status").resolve(container + ".pid");
  }

  /** The FIFO a container with {@code stdin: true} reads as its stdin. */
  public Path containerStdin(String container) {
    return dir.resolve("status").resolve(container + ".stdin");
  }

  /** The container's state as the job script last published it. */
  public Path containerStatus(String container) {
    return dir.resolve("status").resolve(container + ".json");
  }

  public Path containerLog(String container) {
    return dir.resolve("logs").resolve(container + ".log");
  }
}
