package io.hpk.slurm.jobs;

import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.PodDirectory;
import java.util.HashSet;
import java.util.Set;

/** One pod's Slurm job as the bridge tracks it. Confined to the bridge's event loop. */
final class PodJob {

  final PodRef pod;
  final PodDirectory paths;
  final String jobId;
  SlurmJobState state = SlurmJobState.PENDING;
  String slurmReason = "";
  PodJobReport lastReport;

  /** The report after the job ended has been published: nothing will change any more. */
  boolean settled;

  long killTimer = -1;

  /** Container runs already announced with a Started event, as name#restartCount. */
  final Set<String> startedRuns = new HashSet<>();

  PodJob(PodRef pod, PodDirectory paths, String jobId) {
    this.pod = pod;
    this.paths = paths;
    this.jobId = jobId;
  }

  boolean active() {
    return state.active();
  }
}
