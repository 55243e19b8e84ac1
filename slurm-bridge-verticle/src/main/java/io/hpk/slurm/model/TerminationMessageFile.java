package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;

/**
 * The script line that gives a container its terminationMessagePath ({@code hpk_termination_file
 * POLICY [PATH]}, see pod-runtime.sh). Apptainer builds a contained /dev itself and binds only host
 * devices into it, so a file cannot be bound at a path under /dev (the default /dev/termination-log
 * among them): such a container gets no file, and a message only from its log with
 * FallbackToLogsOnError.
 */
final class TerminationMessageFile {

  static final String DEFAULT_PATH = "/dev/termination-log";

  private TerminationMessageFile() {}

  static String line(Container container, String field) {
    String policy =
        "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())
            ? "FallbackToLogsOnError"
            : "File";
    String path =
        container.getTerminationMessagePath() == null
                || container.getTerminationMessagePath().isEmpty()
            ? DEFAULT_PATH
            : container.getTerminationMessagePath();
    Path target =
        VolumePaths.bindable(path, "CreateContainerConfigError", field + ".terminationMessagePath");
    String line = "hpk_termination_file " + policy;
    if (target.startsWith("/dev")) {
      return line;
    }
    return line + " " + ShellQuote.quote(target.toString()) + " || return 1";
  }
}
