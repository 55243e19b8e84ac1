package io.hpk.slurm.jobs;

import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.PodDirectory;
import java.util.HashSet;
import java.util.Set;

/** One pod's Slurm job as the bridge tracks it. Confined to the bridge's event loop. */
final class PodJob {

  final JobOwner owner;
  final PodRef pod;
  final PodDirectory directory;
  final String jobId;
  SlurmJobState state = SlurmJobState.PENDING;
  PodJobReport lastReport;

  /** The report after the job ended has been published: nothing will change any more. */
  boolean settled;

  /** Slurm's reason for the wait as last announced in an event, "" while the job does not wait. */
  String pendingReason = "";

  /** Tracking rounds in a row whose squeue did not list the job. */
  int roundsMissing;

  /** The timer that cancels the job when its grace period is over; -1 while not stopping. */
  long killTimer = -1;

  /** Lines of the pod's events file already recorded as events. */
  int scriptEventLines;

  /** Container runs already announced with a Started event, as name#restartCount. */
  final Set<String> startedRuns = new HashSet<>();

  /** When the bridge took the job on its books (System.nanoTime). */
  final long trackedSince = System.nanoTime();

  PodJob(JobOwner owner, PodRef pod, PodDirectory directory, String jobId) {
    this.owner = owner;
    this.pod = pod;
    this.directory = directory;
    this.jobId = jobId;
  }

  boolean active() {
    return state.active();
  }

  /**
   * Taken on the books within the window and no container started yet: the moment the pod starts
   * running is near, and worth a look sooner than the poll interval.
   */
  boolean starting(long now, long windowNanos) {
    return !settled && startedRuns.isEmpty() && now - trackedSince < windowNanos;
  }

  boolean stopping() {
    return killTimer >= 0;
  }
}
