package io.hpk.slurm.jobs;

import io.hpk.common.concurrent.BackOff;
import java.time.Duration;

/**
 * Whether squeue answers. While it does not, tracking backs off instead of asking every tick, and
 * the start and the end of an outage are told apart so pods hear of each once. Pure: the caller
 * gives the time.
 */
final class SlurmOutage {

  private final BackOff backOff;
  private boolean down;
  private long retryAtNanos;

  SlurmOutage(Duration first, Duration max) {
    this.backOff = new BackOff(first, max);
  }

  boolean mayAsk(long nowNanos) {
    return !down || nowNanos - retryAtNanos >= 0;
  }

  /** Slurm did not answer; true when this starts an outage. */
  boolean failed(long nowNanos) {
    retryAtNanos = nowNanos + backOff.next().toNanos();
    boolean started = !down;
    down = true;
    return started;
  }

  /** Slurm answered; true when this ends an outage. */
  boolean answered() {
    backOff.reset();
    boolean ended = down;
    down = false;
    return ended;
  }
}
