package io.hpk.slurm.model;

import java.nio.file.Path;

/** Checks for paths a pod spec writes into: relative ones stay inside, mount paths are plain. */
final class VolumePaths {

  private VolumePaths() {}

  /** A relative path without {@code ..}, for files in volumes and for subPath. */
  static String relative(String path, String field) {
    if (path == null
        || path.isEmpty()
        || path.startsWith("/")
        || path.indexOf('\0') >= 0
        || path.indexOf('\n') >= 0) {
      throw new PodSpecException(
          "InvalidSubPath",
          field + " must be a non-empty relative path, got " + KubernetesNames.describe(path));
    }
    for (String element : path.split("/")) {
      if (element.equals("..")) {
        throw new PodSpecException(
            "InvalidSubPath",
            field + " must not contain '..', got " + KubernetesNames.describe(path));
      }
    }
    return path;
  }

  /**
   * An absolute path usable in an Apptainer bind spec, which separates fields with ':' and binds
   * with ','.
   */
  static Path bindable(String path, String reason, String field) {
    if (path == null
        || !path.startsWith("/")
        || path.chars().anyMatch(c -> c == ':' || c == ',' || c < 0x20 || c == 0x7f)) {
      throw new PodSpecException(
          reason,
          field
              + " must be an absolute path without ':', ',' or control characters, got "
              + KubernetesNames.describe(path));
    }
    return Path.of(path).normalize();
  }
}
