package io.hpk.slurm.jobs;

import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.slurm.cli.QueuedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one tracking round saw of a job: Slurm's state and reason (GONE when squeue no longer lists
 * it) and the pod directory's state files. Pure: the report and events follow from it.
 */
record JobObservation(
    SlurmJobState state,
    String reason,
    String expectedStart,
    List<ContainerStateFile> containers,
    String podIp,
    String node) {

  /** A job squeue does not list, or lists with Slurm's reason ("None" is no reason). */
  static JobObservation of(
      QueuedJob queued, List<ContainerStateFile> containers, String podIp, String node) {
    if (queued == null) {
      return new JobObservation(SlurmJobState.GONE, "", "", containers, podIp, node);
    }
    String reason = "None".equals(queued.reason()) ? "" : queued.reason();
    String expectedStart = queued.state() == SlurmJobState.PENDING ? queued.startTime() : "";
    return new JobObservation(queued.state(), reason, expectedStart, containers, podIp, node);
  }

  /**
   * squeue may leave out a job it still has (a slurmctld restarting, an answer cut short): a job is
   * gone only when it is missing from two answers in a row. Anything else stands at once.
   */
  static final int ANSWERS_BEFORE_GONE = 2;

  boolean confirmed(int answersMissing) {
    return state != SlurmJobState.GONE || answersMissing >= ANSWERS_BEFORE_GONE;
  }

  /** Only a job past PENDING can have state files or a pod IP, so a pending one is not read. */
  static boolean filesMayChange(SlurmJobState state) {
    return state != SlurmJobState.PENDING;
  }

  /** A job just submitted: pending, no reason or containers yet. */
  static JobObservation submitted() {
    return new JobObservation(SlurmJobState.PENDING, "", "", List.of(), "", "");
  }

  /** Slurm's reason for a job that waits, "" for a job that does not wait or waits for none. */
  String pendingReason() {
    return state == SlurmJobState.PENDING ? reason : "";
  }

  PodJobReport report(PodJob job) {
    String message = pendingReason().isEmpty() ? "" : pendingMessage(job.jobId);
    return new PodJobReport(job.pod, job.jobId, state, reason, message, podIp, containers, node);
  }

  private String pendingMessage(String jobId) {
    String message = "Slurm job " + jobId + " is pending: " + reason;
    return expectedStart.isEmpty()
        ? message
        : message + "; Slurm expects it to start at " + expectedStart;
  }

  /** Container runs that are running now and were not announced yet, as name#restartCount. */
  List<String> newRuns(Set<String> announced) {
    List<String> runs = new ArrayList<>();
    for (ContainerStateFile c : containers) {
      String run = c.name() + "#" + c.restartCount();
      if (c.running() && !announced.contains(run)) {
        runs.add(run);
      }
    }
    return runs;
  }
}
