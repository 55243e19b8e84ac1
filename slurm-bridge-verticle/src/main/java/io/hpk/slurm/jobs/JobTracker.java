package io.hpk.slurm.jobs;

import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.slurm.cli.QueuedJob;
import io.hpk.slurm.cli.SlurmCli;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows jobs until they end: one squeue per round for all of them, state files only for jobs that
 * may have changed, a report whenever what the kubelet knows would change.
 */
final class JobTracker {

  private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);

  private final WorkerPool workers;
  private final SlurmCli slurm;
  private final BridgeOutbox outbox;
  private final SlurmOutage outage = new SlurmOutage(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private boolean observing;

  JobTracker(WorkerPool workers, SlurmCli slurm, BridgeOutbox outbox) {
    this.workers = workers;
    this.slurm = slurm;
    this.outbox = outbox;
  }

  /**
   * One round over the jobs not yet settled; skipped while the previous round still runs, and while
   * Slurm is not answering until its back-off has passed. A round that fails changes no pod's
   * status: the last one stands until Slurm answers again.
   */
  void round(List<PodJob> jobs) {
    List<PodJob> watched = jobs.stream().filter(j -> !j.settled).toList();
    if (watched.isEmpty() || observing || !outage.mayAsk(System.nanoTime())) {
      return;
    }
    observing = true;
    workers
        .run(() -> observe(watched))
        .onSuccess(
            seen -> {
              if (outage.answered()) {
                LOG.info("squeue answers again; tracking {} jobs", watched.size());
                watched.forEach(j -> outbox.event(j.pod, "SlurmReachable", "Slurm answers again"));
              }
              seen.forEach(this::apply);
            })
        .onFailure(e -> failed(watched, e))
        .onComplete(done -> observing = false);
  }

  private void failed(List<PodJob> watched, Throwable failure) {
    if (!outage.failed(System.nanoTime())) {
      LOG.debug("tracking round failed again: {}", failure.toString());
      return;
    }
    LOG.warn("tracking round failed, backing off: {}", failure.toString());
    String message =
        "Slurm did not answer ("
            + failure.getMessage()
            + "); the pod keeps its last status until it does";
    watched.forEach(j -> outbox.warning(j.pod, "SlurmUnreachable", message));
  }

  /** The first report of a job just submitted: pending, no containers yet. */
  void submitted(PodJob job) {
    publishIfChanged(job, JobObservation.submitted());
  }

  private record Seen(PodJob job, JobObservation observation, List<String> eventLines) {}

  private List<Seen> observe(List<PodJob> watched) throws IOException {
    Map<String, QueuedJob> queue = new HashMap<>();
    for (QueuedJob q : slurm.queue()) {
      queue.put(q.jobId(), q);
    }
    List<Seen> seen = new ArrayList<>();
    for (PodJob job : watched) {
      QueuedJob queued = queue.get(job.jobId);
      boolean read = queued == null || JobObservation.filesMayChange(queued.state());
      List<ContainerStateFile> files =
          read ? PodDirectoryFiles.containerStates(job.directory) : List.of();
      String podIp = read ? PodDirectoryFiles.podIp(job.directory) : "";
      String node = read ? PodDirectoryFiles.node(job.directory) : "";
      List<String> events =
          read ? PodDirectoryFiles.eventLines(job.directory, job.scriptEventLines) : List.of();
      seen.add(new Seen(job, JobObservation.of(queued, files, podIp, node), events));
    }
    return seen;
  }

  private void apply(Seen seen) {
    PodJob job = seen.job();
    JobObservation observation = seen.observation();
    job.roundsMissing = observation.state() == SlurmJobState.GONE ? job.roundsMissing + 1 : 0;
    if (!observation.confirmed(job.roundsMissing)) {
      return;
    }
    job.scriptEventLines += seen.eventLines().size();
    for (ScriptEvents.ScriptEvent event : ScriptEvents.parse(seen.eventLines())) {
      if (event.warning()) {
        outbox.warning(job.pod, event.reason(), event.message());
      } else {
        outbox.event(job.pod, event.reason(), event.message());
      }
    }
    for (String run : observation.newRuns(job.startedRuns)) {
      job.startedRuns.add(run);
      outbox.event(job.pod, "Started", "Started container " + run.substring(0, run.indexOf('#')));
    }
    announcePendingReason(job, observation);
    job.state = observation.state();
    publishIfChanged(job, observation);
    if (!job.active()) {
      job.settled = true;
    }
  }

  /** An event each time Slurm gives a waiting job a new reason, as squeue would show it. */
  private void announcePendingReason(PodJob job, JobObservation observation) {
    String reason = observation.pendingReason();
    if (!reason.isEmpty() && !reason.equals(job.pendingReason)) {
      outbox.event(job.pod, "SlurmPending", observation.report(job).message());
    }
    job.pendingReason = reason;
  }

  private void publishIfChanged(PodJob job, JobObservation observation) {
    var report = observation.report(job);
    if (!report.equals(job.lastReport)) {
      job.lastReport = report;
      outbox.report(report);
    }
  }
}
