package io.hpk.slurm.jobs;

import io.hpk.common.concurrent.BackOff;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.slurm.cli.SlurmCli;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs HPK has decided to end: a scancel that fails (slurmctld restarting, a timeout) is tried
 * again with back-off until Slurm takes it, so no job is left behind. Event-loop confined.
 */
final class Cancellations {

  private static final Logger LOG = LoggerFactory.getLogger(Cancellations.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final WorkerPool workers;
  private final SlurmCli slurm;
  private final Map<String, BackOff> retrying = new HashMap<>();

  Cancellations(Vertx vertx, WorkerPool workers, SlurmCli slurm) {
    this.vertx = vertx;
    this.workers = workers;
    this.slurm = slurm;
  }

  /** Completes after the first attempt; a failed one goes on in the background until it works. */
  Future<Void> cancel(String jobId) {
    return attempt(jobId).otherwiseEmpty();
  }

  /**
   * TERM to the batch script, which forwards it to the containers. Completes either way: a TERM
   * that does not arrive leaves the scancel at the end of the grace period.
   */
  Future<Void> terminate(String jobId) {
    return workers
        .run(
            () -> {
              slurm.terminate(jobId);
              return (Void) null;
            })
        .onFailure(
            e ->
                LOG.warn(
                    "[job {}] TERM not delivered, the job is cancelled after the grace period: {}",
                    jobId,
                    e.getMessage()))
        .otherwiseEmpty();
  }

  /** Jobs whose scancel failed and waits for its next try. */
  int retrying() {
    return retrying.size();
  }

  private Future<Void> attempt(String jobId) {
    return workers
        .run(
            () -> {
              slurm.cancel(jobId);
              return (Void) null;
            })
        .onSuccess(done -> retrying.remove(jobId))
        .onFailure(e -> retryLater(jobId, e));
  }

  private void retryLater(String jobId, Throwable failure) {
    Duration delay =
        retrying.computeIfAbsent(jobId, id -> new BackOff(FIRST_RETRY, MAX_RETRY)).next();
    LOG.warn(
        "[job {}] scancel failed, trying again in {} ms: {}",
        jobId,
        delay.toMillis(),
        failure.getMessage());
    vertx.setTimer(delay.toMillis(), t -> attempt(jobId));
  }
}
