package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import io.hpk.slurm.cli.Executables;
import io.hpk.slurm.cli.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Apptainer that job scripts run, found the way the Slurm bridge finds it, and how it makes
 * containers: a setuid starter, or unprivileged user namespaces, which must then work.
 */
final class ApptainerCheck implements DoctorCheck {

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(10);
  private static final String KEY = ConfigKey.SLURM_APPTAINER.key();

  private final ProcessRunner runner;
  private final String apptainer;
  private final String searchPath;

  ApptainerCheck(ProcessRunner runner, String apptainer, String searchPath) {
    this.runner = runner;
    this.apptainer = apptainer;
    this.searchPath = searchPath;
  }

  @Override
  public String name() {
    return "apptainer";
  }

  @Override
  public CheckResult run() {
    try {
      return inspect();
    } catch (IOException e) {
      return CheckResult.fail(
          name(), CheckResult.describe(e), "install Apptainer or load its module, or set " + KEY);
    }
  }

  private CheckResult inspect() throws IOException {
    Optional<Path> found = Executables.resolve(apptainer, searchPath);
    if (found.isEmpty()) {
      return CheckResult.fail(
          name(),
          "'" + apptainer + "' (" + KEY + ") is not on PATH",
          "install Apptainer or load its module, or set " + KEY + " to its path");
    }
    String command = found.get().toString();
    ProcessRunner.Result version = runner.run(List.of(command, "--version"), COMMAND_LIMIT);
    if (!version.ok()) {
      return CheckResult.fail(
          name(),
          command + " --version: " + (version.stdout() + version.stderr()).strip(),
          "reinstall Apptainer");
    }
    String what = version.stdout().strip() + " at " + command;
    ApptainerMode mode =
        ApptainerMode.fromBuildcfg(
            runner.run(List.of(command, "buildcfg"), COMMAND_LIMIT).stdout());
    if (mode == ApptainerMode.SETUID) {
      return CheckResult.ok(name(), what + ", setuid");
    }
    ProcessRunner.Result userns =
        runner.run(List.of("unshare", "--user", "--map-root-user", "true"), COMMAND_LIMIT);
    if (!userns.ok()) {
      return CheckResult.fail(
          name(),
          what + " is not setuid and user namespaces do not work: " + userns.stderr().strip(),
          "allow unprivileged user namespaces (sysctl user.max_user_namespaces) or install"
              + " Apptainer setuid");
    }
    return CheckResult.ok(name(), what + ", unprivileged user namespaces");
  }
}
