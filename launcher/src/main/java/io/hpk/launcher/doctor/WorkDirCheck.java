package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pod work directory exists here and this user can write it. */
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
    String fix =
        "create it on a filesystem the compute nodes share (mkdir -p "
            + workDir
            + ") or set "
            + ConfigKey.SLURM_WORK_DIR.key();
    if (!Files.isDirectory(workDir)) {
      return CheckResult.fail(name(), workDir + " does not exist", fix);
    }
    if (!Files.isWritable(workDir)) {
      return CheckResult.fail(name(), workDir + " is not writable by this user", fix);
    }
    return CheckResult.ok(name(), workDir + " is writable here");
  }
}
