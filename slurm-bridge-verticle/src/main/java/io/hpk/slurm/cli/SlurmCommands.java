package io.hpk.slurm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@link SlurmCli} by running Slurm's own commands. */
public final class SlurmCommands implements SlurmCli {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ProcessRunner runner = new ProcessRunner();

  @Override
  public String submit(Path script) throws IOException {
    ProcessRunner.Result result =
        runner.run(List.of("sbatch", "--parsable", script.toString()), TIMEOUT);
    if (!result.ok()) {
      throw new SlurmException(result.stderr().trim().replaceFirst("^sbatch: error: ", ""));
    }
    return result.stdout().trim().split(";")[0];
  }

  @Override
  public List<QueuedJob> queue() throws IOException {
    ProcessRunner.Result result =
        runner.run(List.of("squeue", "-h", "-t", "all", "--me", "-o", QueuedJob.FORMAT), TIMEOUT);
    if (!result.ok()) {
      throw new SlurmException("squeue failed: " + result.stderr().trim());
    }
    return QueuedJob.parse(result.stdout());
  }

  @Override
  public void terminate(String jobId) throws IOException {
    scancel(List.of("scancel", "--signal=TERM", "--batch", jobId));
  }

  @Override
  public void cancel(String jobId) throws IOException {
    scancel(List.of("scancel", jobId));
  }

  private void scancel(List<String> command) throws IOException {
    ProcessRunner.Result result = runner.run(command, TIMEOUT);
    if (!result.ok() && !ScancelAnswer.jobAlreadyEnded(result.stderr())) {
      throw new SlurmException("scancel failed: " + result.stderr().trim());
    }
  }
}
