package io.hpk.slurm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** sbatch, squeue and scancel. Blocking: call it on the bridge's worker pool. */
public final class SlurmCli {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ProcessRunner runner = new ProcessRunner();

  /**
   * Submits a batch script.
   *
   * @return the job id
   * @throws SlurmException with sbatch's own error when Slurm refuses the job
   */
  public String submit(Path script) throws IOException {
    ProcessRunner.Result result =
        runner.run(List.of("sbatch", "--parsable", script.toString()), TIMEOUT);
    if (!result.ok()) {
      throw new SlurmException(result.stderr().trim().replaceFirst("^sbatch: error: ", ""));
    }
    return result.stdout().trim().split(";")[0];
  }

  /** Every job of this user that Slurm still remembers, in one call. */
  public List<QueuedJob> queue() throws IOException {
    ProcessRunner.Result result =
        runner.run(List.of("squeue", "-h", "-t", "all", "--me", "-o", QueuedJob.FORMAT), TIMEOUT);
    if (!result.ok()) {
      throw new SlurmException("squeue failed: " + result.stderr().trim());
    }
    return QueuedJob.parse(result.stdout());
  }

  /** Sends SIGTERM to the batch script only: it forwards it to the containers. */
  public void terminate(String jobId) throws IOException {
    runner.run(List.of("scancel", "--signal=TERM", "--batch", jobId), TIMEOUT);
  }

  /** Cancels the job: Slurm kills what is left. */
  public void cancel(String jobId) throws IOException {
    runner.run(List.of("scancel", jobId), TIMEOUT);
  }

  /** Slurm refused a request; the message is Slurm's. */
  public static final class SlurmException extends IOException {
    public SlurmException(String message) {
      super(message);
    }
  }
}
