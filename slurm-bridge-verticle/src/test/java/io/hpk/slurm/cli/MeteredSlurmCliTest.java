package io.hpk.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredSlurmCliTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SlurmCli slurm = new MeteredSlurmCli(new RefusingCancels(), meters);

  /** Each accepted sbatch is timed and counted as a submission. */
  @Test
  void acceptedSubmissionsAreTimedAndCounted() throws IOException {
    slurm.submit(Path.of("job.sh"));
    slurm.submit(Path.of("job.sh"));

    assertThat(meters.get("hpk.slurm.command").tag("command", "sbatch").timer().count())
        .isEqualTo(2);
    assertThat(meters.get("hpk.pod.submissions").counter().count()).isEqualTo(2);
  }

  /** A refused scancel is timed, counted as a failure and still thrown to the caller. */
  @Test
  void failuresAreCountedAndRethrown() {
    assertThatThrownBy(() -> slurm.cancel("42")).isInstanceOf(SlurmCli.SlurmException.class);

    assertThat(meters.get("hpk.slurm.command.failures").tag("command", "scancel").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("hpk.slurm.command").tag("command", "scancel").timer().count())
        .isEqualTo(1);
    assertThat(meters.get("hpk.slurm.command.failures").tag("command", "sbatch").counter().count())
        .isZero();
  }

  /** Slurm that takes every job and refuses every cancellation. */
  private static final class RefusingCancels implements SlurmCli {
    @Override
    public String submit(Path script) {
      return "1";
    }

    @Override
    public List<QueuedJob> queue() {
      return List.of();
    }

    @Override
    public void terminate(String jobId) {}

    @Override
    public void cancel(String jobId) throws IOException {
      throw new SlurmException("Invalid job id specified");
    }
  }
}
