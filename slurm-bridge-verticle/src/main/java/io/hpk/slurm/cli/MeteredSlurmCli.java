package io.hpk.slurm.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link SlurmCli} that times every command ({@code hpk_slurm_command_seconds{command=…}}, a
 * histogram), counts the ones that failed ({@code hpk_slurm_command_failures_total}) and the jobs
 * Slurm accepted ({@code hpk_pod_submissions_total}).
 */
public final class MeteredSlurmCli implements SlurmCli {

  private final SlurmCli slurm;
  private final Map<String, Timer> latency;
  private final Map<String, Counter> failures;
  private final Counter submissions;

  public MeteredSlurmCli(SlurmCli slurm, MeterRegistry meters) {
    this.slurm = slurm;
    this.latency =
        perCommand(
            command ->
                Timer.builder("hpk.slurm.command")
                    .description("Slurm commands the bridge ran, failed ones included")
                    .tag("command", command)
                    .publishPercentileHistogram()
                    .register(meters));
    this.failures =
        perCommand(
            command ->
                Counter.builder("hpk.slurm.command.failures")
                    .description("Slurm commands that failed or were refused")
                    .tag("command", command)
                    .register(meters));
    this.submissions =
        Counter.builder("hpk.pod.submissions")
            .description("Pod jobs Slurm accepted (sbatch)")
            .register(meters);
  }

  @Override
  public String submit(Path script) throws IOException {
    String jobId = measured("sbatch", () -> slurm.submit(script));
    submissions.increment();
    return jobId;
  }

  @Override
  public List<QueuedJob> queue() throws IOException {
    return measured("squeue", slurm::queue);
  }

  @Override
  public void terminate(String jobId) throws IOException {
    scancel(() -> slurm.terminate(jobId));
  }

  @Override
  public void cancel(String jobId) throws IOException {
    scancel(() -> slurm.cancel(jobId));
  }

  private void scancel(Scancel scancel) throws IOException {
    measured(
        "scancel",
        () -> {
          scancel.run();
          return null;
        });
  }

  private <T> T measured(String command, SlurmCall<T> call) throws IOException {
    long started = System.nanoTime();
    try {
      return call.run();
    } catch (IOException | RuntimeException e) {
      failures.get(command).increment();
      throw e;
    } finally {
      latency.get(command).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private static <M> Map<String, M> perCommand(Function<String, M> meter) {
    return Stream.of("sbatch", "squeue", "scancel")
        .collect(Collectors.toUnmodifiableMap(command -> command, meter));
  }

  @FunctionalInterface
  private interface Scancel {
    void run() throws IOException;
  }

  @FunctionalInterface
  private interface SlurmCall<T> {
    T run() throws IOException;
  }
}
