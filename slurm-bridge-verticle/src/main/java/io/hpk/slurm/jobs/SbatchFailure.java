package io.hpk.slurm.jobs;

import io.hpk.slurm.cli.SlurmCli;
import java.util.regex.Pattern;

/**
 * Why sbatch did not give a job id, as the pod sees it. Slurm refusing the job (an invalid
 * partition, a limit) fails the pod; Slurm not answering (slurmctld restarting or unreachable, a
 * timeout) leaves it Pending, to be tried again. Pure.
 */
final class SbatchFailure {

  /** Slurm's own words when the controller could not be reached or did not answer in time. */
  private static final Pattern UNAVAILABLE =
      Pattern.compile(
          "(?i)unable to contact slurm controller|socket timed out|connection refused"
              + "|zero bytes were transmitted|slurm_persist_conn|communication connection failure"
              + "|slurmctld.*(not responding|down)|temporarily unavailable|try again");

  private SbatchFailure() {}

  static PodRejection rejection(Throwable failure) {
    if (failure instanceof SlurmCli.SlurmException refused
        && !UNAVAILABLE.matcher(refused.getMessage()).find()) {
      return new PodRejection(
          "SlurmRejected", "sbatch refused the job: " + refused.getMessage(), true);
    }
    return new PodRejection(
        "SlurmUnavailable",
        "Slurm did not take the job, it is tried again: " + failure.getMessage(),
        false);
  }
}
