package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A pod's {@code activeDeadlineSeconds}, counted from {@code status.startTime} to the second as a
 * kubelet does; Slurm's {@code --time} is whole minutes and fixed at submission, so it cannot
 * follow a deadline the user lowers later. Pure.
 */
public final class ActiveDeadline {

  public static final String REASON = "DeadlineExceeded";
  public static final String MESSAGE =
      "Pod was active on the node longer than the specified deadline";

  private ActiveDeadline() {}

  /** How long the pod may still run; empty when it has no deadline or has not started. */
  public static Optional<Duration> remaining(Pod pod, Instant now) {
    Long seconds = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
    String start = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    if (seconds == null || start == null || start.isEmpty()) {
      return Optional.empty();
    }
    Instant end = Instant.parse(start).plusSeconds(seconds);
    Duration left = Duration.between(now, end);
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** The status of a pod stopped for its deadline: Failed, whatever its job reports meanwhile. */
  public static PodStatus exceeded(PodStatus status) {
    status.setPhase("Failed");
    status.setReason(REASON);
    status.setMessage(MESSAGE);
    return status;
  }
}
