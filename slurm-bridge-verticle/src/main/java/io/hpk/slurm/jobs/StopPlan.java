package io.hpk.slurm.jobs;

import io.hpk.common.bus.SlurmJobState;

/** How to stop a pod's job, as the kubelet stops a pod. Pure. */
enum StopPlan {
  /** No job, or it has ended: nothing to stop, the pod can go. */
  NOTHING,
  /** A TERM was sent already; its grace timer runs. */
  ALREADY_STOPPING,
  /** Pending (no container runs) or no grace period: scancel now. */
  CANCEL_NOW,
  /**
   * TERM to the job script now (it passes it to the containers), scancel after the grace period.
   */
  TERM_THEN_CANCEL;

  static StopPlan of(PodJob job, long graceSeconds) {
    if (job == null || !job.active()) {
      return NOTHING;
    }
    if (job.stopping()) {
      return ALREADY_STOPPING;
    }
    return job.state == SlurmJobState.PENDING || graceSeconds == 0 ? CANCEL_NOW : TERM_THEN_CANCEL;
  }
}
