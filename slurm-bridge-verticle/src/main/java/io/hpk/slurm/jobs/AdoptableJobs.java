package io.hpk.slurm.jobs;

import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.slurm.cli.QueuedJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs found in Slurm at start, by the owner and pod their comment names, waiting for their pod to
 * be named again (run: adopted and tracked; deleted: adopted and stopped; gone: cancelled as
 * orphans, by their own owner only). Jobs HPK did not submit are never remembered. Confined to the
 * bridge's event loop.
 */
final class AdoptableJobs {

  /** Jobs commented with a bare pod UID, by HPK before owners were named: any owner's. */
  static final JobOwner LEGACY = new JobOwner("", "");

  /** By pod UID, then by owner: one pod's jobs of several owners are kept apart. */
  private final Map<String, Map<JobOwner, QueuedJob>> byPodUid = new HashMap<>();

  /** Remembers HPK's jobs among the queue; the newest per pod and owner. */
  int learn(List<QueuedJob> queue) {
    int learned = 0;
    for (QueuedJob job : queue) {
      // A gang's job names each of its pods: every one adopts it.
      for (var owned : JobOwner.parseAll(job.comment(), LEGACY)) {
        byPodUid
            .computeIfAbsent(owned.podUid(), uid -> new HashMap<>())
            .merge(owned.owner(), job, AdoptableJobs::newer);
        learned++;
      }
    }
    return learned;
  }

  /** The owner's job of the pod from before the restart, taken out: it is tracked from now on. */
  Optional<QueuedJob> take(JobOwner owner, String podUid) {
    Map<JobOwner, QueuedJob> owners = byPodUid.get(podUid);
    if (owners == null) {
      return Optional.empty();
    }
    QueuedJob found = owners.remove(owner);
    if (found == null) {
      found = owners.remove(LEGACY);
    }
    if (owners.isEmpty()) {
      byPodUid.remove(podUid);
    }
    return Optional.ofNullable(found);
  }

  /**
   * The owner's active jobs of pods that no longer exist, tracked ones and ones waiting for
   * adoption; the owner's waiting ones of gone pods are forgotten. Other owners' jobs are never
   * orphans here.
   */
  List<CancelledJob> orphans(JobOwner owner, Collection<PodJob> tracked, Set<String> livePodUids) {
    List<CancelledJob> orphans = new ArrayList<>();
    for (PodJob job : tracked) {
      if (ownedBy(job.owner, owner) && job.active() && !livePodUids.contains(job.pod.uid())) {
        orphans.add(new CancelledJob(job.pod.uid(), job.jobId));
      }
    }
    for (var pod : byPodUid.entrySet()) {
      if (livePodUids.contains(pod.getKey())) {
        continue;
      }
      pod.getValue()
          .entrySet()
          .removeIf(
              job -> {
                boolean ours = ownedBy(job.getKey(), owner);
                if (ours && job.getValue().active()) {
                  orphans.add(new CancelledJob(pod.getKey(), job.getValue().jobId()));
                }
                return ours;
              });
    }
    byPodUid.values().removeIf(Map::isEmpty);
    return orphans;
  }

  private static boolean ownedBy(JobOwner jobOwner, JobOwner owner) {
    return jobOwner.equals(owner) || jobOwner.equals(LEGACY);
  }

  private static QueuedJob newer(QueuedJob a, QueuedJob b) {
    return number(a) >= number(b) ? a : b;
  }

  /** The job id's number: array tasks ("12_3") and het jobs ("12+1") by their base job. */
  private static long number(QueuedJob job) {
    return Long.parseLong(job.jobId().replaceAll("\\D.*", ""));
  }
}
