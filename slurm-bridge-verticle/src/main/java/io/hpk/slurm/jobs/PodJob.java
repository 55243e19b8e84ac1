package io.hpk.slurm.jobs;

import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.slurm.model.PodPaths;
import java.util.HashSet;
import java.util.Set;

/** One pod's Slurm job as the bridge tracks it. Confined to the bridge's event loop. */
final class PodJob {

  final PodRef pod;
  final PodPaths paths;
  final String jobId;
  String state = "PENDING";
  String slurmReason = "";
  PodJobReport lastReport;

  /** The report after the job ended has been published: nothing will change any more. */
  boolean settled;

  long killTimer = -1;

  /** Container runs already announced with a Started event, as name#restartCount. */
  final Set<String> startedRuns = new HashSet<>();

  PodJob(PodRef pod, PodPaths paths, String jobId) {
    this.pod = pod;
    this.paths = paths;
    this.jobId = jobId;
  }

  boolean active() {
    return switch (state) {
      case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING" ->
          true;
      default -> false;
    };
  }
}
