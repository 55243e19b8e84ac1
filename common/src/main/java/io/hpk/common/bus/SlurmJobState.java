package io.hpk.common.bus;

/**
 * A pod's job state as the bridge reports it: Slurm's own states (squeue {@code %T}), and two of
 * HPK's: {@link #GONE} when Slurm no longer knows the job, {@link #REJECTED} when it was never
 * accepted. The one place that says which states may still run containers.
 */
public enum SlurmJobState {
  PENDING(true),
  CONFIGURING(true),
  RUNNING(true),
  COMPLETING(true),
  SUSPENDED(true),
  REQUEUED(true),
  RESIZING(true),
  COMPLETED(false),
  REQUEUE_HOLD(false),
  REQUEUE_FED(false),
  SIGNALING(false),
  STAGE_OUT(false),
  STOPPED(false),
  CANCELLED(false),
  FAILED(false),
  TIMEOUT(false),
  NODE_FAIL(false),
  PREEMPTED(false),
  BOOT_FAIL(false),
  DEADLINE(false),
  OUT_OF_MEMORY(false),
  SPECIAL_EXIT(false),
  REVOKED(false),
  GONE(false),
  REJECTED(false),
  /** A state this version of HPK does not know: treated as ended, as before it had a name. */
  UNKNOWN(false);

  private final boolean active;

  SlurmJobState(boolean active) {
    this.active = active;
  }

  /** Pending or running: the job may still run containers. */
  public boolean active() {
    return active;
  }

  /** Slurm's state name, e.g. squeue's {@code %T}; {@link #UNKNOWN} for any other text. */
  public static SlurmJobState parse(String text) {
    try {
      return valueOf(text.trim());
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
