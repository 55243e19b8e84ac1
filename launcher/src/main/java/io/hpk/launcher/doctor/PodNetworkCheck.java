package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import io.hpk.slurm.cli.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * With a pod network configured, each pod's job runs {@code sudo -n HELPER add|del}: the site's
 * helper must be installed and sudo must let this user run it without a password.
 */
final class PodNetworkCheck implements DoctorCheck {

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(10);

  private final ProcessRunner runner;
  private final String network;
  private final String helper;

  PodNetworkCheck(ProcessRunner runner, String network, String helper) {
    this.runner = runner;
    this.network = network;
    this.helper = helper;
  }

  @Override
  public String name() {
    return "pod-network";
  }

  @Override
  public CheckResult run() throws IOException {
    if (network.isEmpty()) {
      return CheckResult.ok(
          name(), ConfigKey.SLURM_NETWORK.key() + " is empty: pods use the host network");
    }
    if (!Files.isExecutable(Path.of(helper))) {
      return CheckResult.fail(
          name(),
          "the pod-network helper " + helper + " is not installed here",
          "the site installs it on the login and compute nodes, or set "
              + ConfigKey.SLURM_POD_NETWORK_HELPER.key());
    }
    ProcessRunner.Result allowed;
    try {
      allowed = runner.run(List.of("sudo", "-n", "-l", helper), COMMAND_LIMIT);
    } catch (IOException e) {
      return CheckResult.fail(name(), CheckResult.describe(e), "install sudo");
    }
    if (!allowed.ok()) {
      return CheckResult.fail(
          name(),
          "sudo -n -l " + helper + ": " + (allowed.stdout() + allowed.stderr()).strip(),
          "the site adds the sudoers rule '"
              + System.getProperty("user.name")
              + " ALL=(root) NOPASSWD: "
              + helper
              + "'");
    }
    return CheckResult.ok(
        name(), "network " + network + ": sudo lets this user run " + helper + " without password");
  }
}
