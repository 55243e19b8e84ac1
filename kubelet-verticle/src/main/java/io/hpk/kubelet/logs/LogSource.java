package io.hpk.kubelet.logs;

import io.hpk.common.pod.ContainerStateFile;
import io.hpk.kubelet.model.ContainerLogOptions;
import io.hpk.kubelet.model.LogRequestException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which file a log request reads and whether it may follow it, as the kubelet decides from the
 * container's state. During a crash-loop back-off the current file still holds the run that just
 * ended, which the kubelet shows for both the plain and the {@code previous} request.
 */
public record LogSource(Path file, boolean follow) {

  public static LogSource choose(
      ContainerLogOptions options,
      ContainerLogFiles files,
      Optional<ContainerStateFile> state,
      boolean currentExists,
      boolean previousExists,
      String container,
      String pod) {
    boolean backOff = state.map(s -> s.waiting() && s.previousRun().isPresent()).orElse(false);
    if (options.previous()) {
      if (backOff && currentExists) {
        return new LogSource(files.current(), false);
      }
      if (previousExists) {
        return new LogSource(files.previous(), false);
      }
      throw new LogRequestException(
          400,
          "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
    }
    boolean running = state.map(ContainerStateFile::running).orElse(false);
    if (currentExists || running) {
      return new LogSource(files.current(), options.follow() && running);
    }
    Optional<String> reason = state.map(ContainerStateFile::reason).filter(r -> !r.isEmpty());
    if (state.isEmpty() || state.get().waiting()) {
      throw new LogRequestException(
          400,
          "container \""
              + container
              + "\" in pod \""
              + pod
              + "\" is waiting to start: "
              + reason.orElse("ContainerCreating"));
    }
    return new LogSource(files.current(), false);
  }
}
