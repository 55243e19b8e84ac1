package io.hpk.slurm.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Commands named in the configuration, found on PATH once at start the way the shell would find
 * them, so job scripts run them by absolute path and a job's PATH cannot swap them.
 */
public final class Executables {

  private Executables() {}

  /** The command itself when it names a path, else its first executable match on the PATH. */
  public static Optional<Path> resolve(String command, String searchPath) {
    if (command.contains("/")) {
      return Optional.of(Path.of(command).toAbsolutePath());
    }
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
