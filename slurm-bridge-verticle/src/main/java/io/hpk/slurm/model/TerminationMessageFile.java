package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The script line that gives a container its terminationMessagePath ({@code hpk_termination_file
 * POLICY [PATH]}, see pod-runtime.sh). Apptainer builds a contained /dev itself and binds into it
 * only what the /dev it runs in holds under the same name, so a path /dev/NAME (the default
 * /dev/termination-log among them) is a link that the pod's sandbox puts in a /dev of its own
 * ({@link #LINK_TARGET}, hpk_sandbox_dev): a pod without a sandbox, or a path deeper under /dev,
 * gets no file, and a message only from its log with FallbackToLogsOnError.
 */
final class TerminationMessageFile {

  static final String DEFAULT_PATH = "/dev/termination-log";

  /** Where a /dev/NAME link leads inside the container: the file bound from the pod directory. */
  static final String LINK_TARGET = "/.hpk-termination-log";

  private TerminationMessageFile() {}

  static String line(Container container, String field, boolean sandboxDev) {
    String policy =
        "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())
            ? "FallbackToLogsOnError"
            : "File";
    Path target = target(container, field);
    String line = "hpk_termination_file " + policy;
    if (target.startsWith("/dev") && (!sandboxDev || devName(target).isEmpty())) {
      return line;
    }
    return line + " " + ShellQuote.quote(target.toString()) + " || return 1";
  }

  /** The NAME of the pod's paths /dev/NAME, for the sandbox's /dev; each once. */
  static List<String> devNames(Pod pod) {
    List<Container> init = PodContainers.init(pod);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < PodContainers.all(pod).size(); i++) {
      String field =
          i < init.size()
              ? "spec.initContainers[" + i + "]"
              : "spec.containers[" + (i - init.size()) + "]";
      devName(target(PodContainers.all(pod).get(i), field))
          .filter(name -> !names.contains(name))
          .ifPresent(names::add);
    }
    return names;
  }

  private static Path target(Container container, String field) {
    String path =
        container.getTerminationMessagePath() == null
                || container.getTerminationMessagePath().isEmpty()
            ? DEFAULT_PATH
            : container.getTerminationMessagePath();
    return VolumePaths.bindable(
        path, "CreateContainerConfigError", field + ".terminationMessagePath");
  }

  private static Optional<String> devName(Path target) {
    return target.getNameCount() == 2 && target.startsWith("/dev")
        ? Optional.of(target.getFileName().toString())
        : Optional.empty();
  }
}
