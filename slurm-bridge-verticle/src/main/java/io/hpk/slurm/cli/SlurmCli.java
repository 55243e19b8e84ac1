package io.hpk.slurm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the bridge asks of Slurm: sbatch, squeue and scancel. Blocking: call it on the bridge's
 * worker pool. {@link SlurmCommands} runs Slurm's commands; tests give a fake.
 */
public interface SlurmCli {

  /**
   * Submits a batch script.
   *
   * @return the job id
   * @throws SlurmException with sbatch's own error when Slurm refuses the job
   */
  String submit(Path script) throws IOException;

  /** Every job of this user that Slurm still remembers, in one call. */
  List<QueuedJob> queue() throws IOException;

  /** Sends SIGTERM to the batch script only: it forwards it to the containers. */
  void terminate(String jobId) throws IOException;

  /** Cancels the job: Slurm kills what is left. */
  void cancel(String jobId) throws IOException;

  /** Slurm refused a request; the message is Slurm's. */
  final class SlurmException extends IOException {
    public SlurmException(String message) {
      super(message);
    }
  }
}
