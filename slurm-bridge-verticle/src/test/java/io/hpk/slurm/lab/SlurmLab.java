package io.hpk.slurm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.slurm.cli.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The lab's real Slurm, driven with its command-line tools as a user would. */
public final class SlurmLab {

  public static final Path STATE = Path.of(System.getProperty("hpk.lab.state", "/var/lib/hpk-lab"));
  public static final String IMAGE = "docker://localhost:5000/busybox:1.35";
  public static final String NETWORK = "hpk-bridge";

  private static final Set<String> FINAL_STATES =
      Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL");
  private static final ProcessRunner RUNNER = new ProcessRunner();

  private SlurmLab() {}

  public static ProcessRunner.Result run(String... command) throws IOException {
    return RUNNER.run(List.of(command), Duration.ofSeconds(60));
  }

  /** Submits a batch script and returns the job id. */
  public static String sbatch(Path script) throws IOException {
    ProcessRunner.Result result = run("sbatch", "--parsable", script.toString());
    assertThat(result.exitCode()).as("sbatch: %s", result.stderr()).isZero();
    return result.stdout().trim().split(";")[0];
  }

  /** Waits until the job has ended and returns its final state. */
  public static String awaitEnd(String jobId, Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      String state = run("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T").stdout().trim();
      if (FINAL_STATES.contains(state)) {
        return state;
      }
      Thread.sleep(500);
    }
    run("scancel", jobId);
    throw new AssertionError("job " + jobId + " did not end within " + limit.toSeconds() + "s");
  }
}
