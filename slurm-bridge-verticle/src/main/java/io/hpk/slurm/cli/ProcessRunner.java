package io.hpk.slurm.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a command without a shell and collects its output. Blocking: call it on a worker pool. */
public final class ProcessRunner {

  private static final ProcessBuilder.Redirect NO_INPUT =
      ProcessBuilder.Redirect.from(new File("/dev/null"));

  /** What a finished command gave back. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs the command, killing it after the timeout.
   *
   * @throws IOException when it cannot start or does not finish in time
   */
  public Result run(List<String> command, Duration timeout) throws IOException {
    return run(command, timeout, Map.of());
  }

  /** Like {@link #run(List, Duration)}, with extra environment variables for the command. */
  public Result run(List<String> command, Duration timeout, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(NO_INPUT);
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            command.get(0) + " did not finish within " + timeout.toSeconds() + "s");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(command.get(0) + " interrupted", e);
    }
  }

  /**
   * Threads that read commands' output, one per stream being read. Not the common fork-join pool:
   * it has one thread fewer than the machine has cores, so on a small login node the output of a
   * long image pull would hold it and every sbatch after it would wait for its output to be read.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "hpk-process-output");
            thread.setDaemon(true);
            return thread;
          });

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        READERS);
  }
}
