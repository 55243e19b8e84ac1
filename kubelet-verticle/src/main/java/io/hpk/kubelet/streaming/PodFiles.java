package io.hpk.kubelet.streaming;

import java.nio.file.Path;

/**
 * The files of one pod that the job script writes for exec and attach, in the pod directory the
 * Slurm bridge lays out ({@code <workDir>/<namespace>/<pod name, at most 200>-<uid8>/}, the
 * bridge's PodPaths; both sides must agree).
 */
public record PodFiles(Path dir) {

  private static final int MAX_NAME_IN_DIR = 200;

  public static PodFiles of(Path workDir, String namespace, String name, String uid) {
    String shortName = name.length() > MAX_NAME_IN_DIR ? name.substring(0, MAX_NAME_IN_DIR) : name;
    return new PodFiles(workDir.resolve(namespace).resolve(shortName + "-" + uid.substring(0, 8)));
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
