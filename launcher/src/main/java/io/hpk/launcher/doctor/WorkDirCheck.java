package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pod work directory is writable here, or does not exist yet and can be made, as HPK makes it
 * on first use.
 */
final class WorkDirCheck implements DoctorCheck {

  private final Path workDir;

  WorkDirCheck(Path workDir) {
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return "work-dir";
  }

  @Override
  public CheckResult run() {
    Optional<String> problem = problem(workDir);
    if (problem.isPresent()) {
      return CheckResult.fail(
          name(),
          problem.get(),
          "create it on a filesystem the compute nodes share (mkdir -p "
              + workDir
              + ") or set "
              + ConfigKey.SLURM_WORK_DIR.key());
    }
    return CheckResult.ok(
        name(),
        workDir + (Files.isDirectory(workDir) ? " is writable here" : " is made on first use"));
  }

  /** Why HPK could not use the directory, if it could not. */
  static Optional<String> problem(Path workDir) {
    Path dir = workDir.toAbsolutePath();
    if (Files.isDirectory(dir)) {
      return Files.isWritable(dir)
          ? Optional.empty()
          : Optional.of(workDir + " is not writable by this user");
    }
    Path existing = dir.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      return Optional.of(
          workDir + " does not exist and this user cannot create it under " + existing);
    }
    return Optional.empty();
  }
}
