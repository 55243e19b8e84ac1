package io.hpk.common.bus;

import java.nio.file.Path;

/**
 * Where a pod's directory lies on the shared filesystem: {@code <workDir>/<namespace>/<pod name, at
 * most 200 characters>-<first 8 of the uid>/}. The bridge writes it and the kubelet reads logs and
 * state from it, so both take the rule from here. Names must already be valid Kubernetes names (the
 * API server validated them; the bridge checks again).
 */
public final class PodDirectoryLayout {

  /** Keeps the directory name within the 255 bytes a file name may have. */
  private static final int MAX_NAME_IN_DIR = 200;

  private PodDirectoryLayout() {}

  public static Path podDir(Path workDir, String namespace, String name, String uid) {
    String shortName = name.length() > MAX_NAME_IN_DIR ? name.substring(0, MAX_NAME_IN_DIR) : name;
    return workDir.resolve(namespace).resolve(shortName + "-" + uid.substring(0, 8));
  }
}
