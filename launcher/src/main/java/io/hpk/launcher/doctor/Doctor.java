package io.hpk.launcher.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every check at once, each bounded by its own timeout so a hanging srun or an unreachable
 * server cannot hang the doctor, and prints one line per check in the order given.
 */
public final class Doctor {

  private final List<DoctorCheck> checks;

  public Doctor(List<DoctorCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The results in the order of the checks. */
  public List<CheckResult> run() {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            checks.size(),
            task -> {
              Thread thread = new Thread(task, "hpk-doctor");
              thread.setDaemon(true);
              return thread;
            });
    try {
      long started = System.nanoTime();
      List<Future<CheckResult>> running = new ArrayList<>();
      checks.forEach(check -> running.add(pool.submit(check::run)));
      List<CheckResult> results = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        results.add(await(checks.get(i), running.get(i), started));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Prints the lines and returns the exit status: 1 when a check failed, else 0. */
  public int report(PrintStream out) {
    List<CheckResult> results = run();
    results.forEach(result -> out.println(result.line()));
    return exitStatus(results);
  }

  static int exitStatus(List<CheckResult> results) {
    return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL) ? 1 : 0;
  }

  private static CheckResult await(DoctorCheck check, Future<CheckResult> result, long started) {
    long left = started + check.timeout().toNanos() - System.nanoTime();
    try {
      return result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      return CheckResult.fail(
          check.name(),
          "no answer within " + check.timeout().toSeconds() + " s",
          "what it waits for (a command, a server, the Slurm queue) does not answer");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return CheckResult.fail(check.name(), "the check failed: " + CheckResult.describe(cause), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.fail(check.name(), "interrupted", "");
    }
  }
}
