package io.hpk.slurm.jobs;

import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.slurm.cli.QueuedJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Jobs found in Slurm at start, by the pod UID in their comment, waiting for their pod to be named
 * again (run: adopted and tracked; deleted: adopted and stopped; gone: cancelled as orphans).
 * Confined to the bridge's event loop.
 */
final class AdoptableJobs {

  private static final Pattern POD_UID = Pattern.compile("[0-9a-f-]{36}");

  private final Map<String, QueuedJob> byPodUid = new HashMap<>();

  /** Remembers HPK's jobs among the queue; the newest per pod when one pod has several. */
  int learn(List<QueuedJob> queue) {
    for (QueuedJob job : queue) {
      if (POD_UID.matcher(job.comment()).matches()) {
        byPodUid.merge(job.comment(), job, AdoptableJobs::newer);
      }
    }
    return byPodUid.size();
  }

  /** The pod's job from before the restart, taken out: it is tracked from now on. */
  Optional<QueuedJob> take(String podUid) {
    return Optional.ofNullable(byPodUid.remove(podUid));
  }

  /**
   * Active jobs of pods that no longer exist, tracked ones and ones waiting for adoption; the
   * waiting ones of gone pods are forgotten. Pure apart from that.
   */
  List<CancelledJob> orphans(Collection<PodJob> tracked, Set<String> livePodUids) {
    List<CancelledJob> orphans = new ArrayList<>();
    for (PodJob job : tracked) {
      if (job.active() && !livePodUids.contains(job.pod.uid())) {
        orphans.add(new CancelledJob(job.pod.uid(), job.jobId));
      }
    }
    for (QueuedJob job : byPodUid.values()) {
      if (job.active() && !livePodUids.contains(job.comment())) {
        orphans.add(new CancelledJob(job.comment(), job.jobId()));
      }
    }
    byPodUid.keySet().removeIf(uid -> !livePodUids.contains(uid));
    return orphans;
  }

  private static QueuedJob newer(QueuedJob a, QueuedJob b) {
    return number(a) >= number(b) ? a : b;
  }

  /** The job id's number: array tasks ("12_3") and het jobs ("12+1") by their base job. */
  private static long number(QueuedJob job) {
    return Long.parseLong(job.jobId().replaceAll("\\D.*", ""));
  }
}
