package io.hpk.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Outages of the lab's real daemons, as a site has them: Slurm's (root's, through the lab's one
 * sudo rule per command, deploy/lab/slurm.sh) and the control plane's (the HPC user's own).
 */
final class LabFaults {

  private static final String SLURM_HOOK = "/usr/local/libexec/hpk-lab/slurm.sh";
  private static final Path CONTROL_PLANE = Path.of("..", "deploy", "lab", "controlplane.sh");

  private LabFaults() {}

  static void stopSlurmctld() {
    run("sudo", "-n", SLURM_HOOK, "fault", "stop", "slurmctld");
  }

  static void startSlurmctld() {
    run("sudo", "-n", SLURM_HOOK, "fault", "start", "slurmctld");
  }

  static void stopSlurmd(String node) {
    run("sudo", "-n", SLURM_HOOK, "fault", "stop", "slurmd", node);
  }

  static void startSlurmd(String node) {
    run("sudo", "-n", SLURM_HOOK, "fault", "start", "slurmd", node);
  }

  static void stopApiServer() {
    run(CONTROL_PLANE.toString(), "fault", "stop", "apiserver");
  }

  static void startApiServer() {
    run(CONTROL_PLANE.toString(), "fault", "start", "apiserver");
  }

  private static void run(String... command) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
