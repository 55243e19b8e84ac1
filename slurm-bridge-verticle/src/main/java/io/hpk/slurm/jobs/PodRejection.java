package io.hpk.slurm.jobs;

/**
 * Why a pod cannot run, for its event and status. A permanent rejection is remembered, so the same
 * spec is never tried again; a transient one (an image that could not be pulled) is retried when
 * the kubelet asks again.
 */
final class PodRejection extends Exception {

  private final String reason;
  private final boolean permanent;

  PodRejection(String reason, String message, boolean permanent) {
    super(message, null, false, false);
    this.reason = reason;
    this.permanent = permanent;
  }

  String reason() {
    return reason;
  }

  boolean permanent() {
    return permanent;
  }
}
