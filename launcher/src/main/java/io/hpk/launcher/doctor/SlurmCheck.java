package io.hpk.launcher.doctor;

import io.hpk.slurm.cli.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Slurm's client commands are on the PATH and slurmctld answers this user. */
final class SlurmCheck implements DoctorCheck {

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(8);

  private final ProcessRunner runner;

  SlurmCheck(ProcessRunner runner) {
    this.runner = runner;
  }

  @Override
  public String name() {
    return "slurm";
  }

  @Override
  public CheckResult run() {
    String version;
    try {
      version = runner.run(List.of("sinfo", "--version"), COMMAND_LIMIT).stdout().strip();
    } catch (IOException e) {
      return CheckResult.fail(
          name(),
          "sinfo does not run: " + CheckResult.describe(e),
          "install Slurm's client commands or load their module so they are on the PATH");
    }
    try {
      ProcessRunner.Result ping = runner.run(List.of("scontrol", "ping"), COMMAND_LIMIT);
      if (!ping.ok() || !ping.stdout().contains("UP")) {
        return CheckResult.fail(
            name(),
            "scontrol ping: " + (ping.stdout() + ping.stderr()).strip(),
            "slurmctld must answer this login node (is SLURM_CONF the cluster's slurm.conf?)");
      }
      ProcessRunner.Result queue =
          runner.run(List.of("squeue", "--me", "--noheader", "--format=%i"), COMMAND_LIMIT);
      if (!queue.ok()) {
        return CheckResult.fail(
            name(),
            "squeue --me: " + queue.stderr().strip(),
            "the user must be able to list their own jobs");
      }
      long jobs = queue.stdout().lines().filter(line -> !line.isBlank()).count();
      return CheckResult.ok(
          name(), "slurmctld answers (" + version + "), squeue --me lists " + jobs + " jobs");
    } catch (IOException e) {
      return CheckResult.fail(
          name(),
          CheckResult.describe(e),
          "slurmctld must answer within " + COMMAND_LIMIT.toSeconds() + " s");
    }
  }
}
