package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.PodTokensUpdate;
import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.BackOff;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.QueuedJob;
import io.hpk.slurm.cli.SlurmCli;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.model.PodDirectories;
import io.hpk.slurm.model.PodSpecException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every pod's job, by pod UID: which are being submitted, tracked, refused or waiting for adoption
 * after a restart. The decisions live in {@link JobSubmission}, {@link JobTracker}, {@link
 * StopPlan} and {@link AdoptableJobs}; this class keeps the books. Runs on the bridge's event loop.
 */
public final class PodJobs {

  private static final Logger LOG = LoggerFactory.getLogger(PodJobs.class);

  private final Vertx vertx;
  private final WorkerPool workers;
  private final SlurmCli slurm;
  private final PodJobSettings settings;
  private final BridgeOutbox outbox;
  private final JobSubmission submission;
  private final JobTracker tracker;
  private final Cancellations cancellations;
  private final RunningPodFiles runningFiles;
  private final EphemeralContainerStarts ephemeral;
  private final PodGangs gangs;
  private final AdoptableJobs adoptable = new AdoptableJobs();
  private final BackOff recoveryBackOff =
      new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /**
   * Completes once Slurm's queue has been read: nothing is submitted, stopped or reconciled before.
   */
  private final Promise<Void> recovered = Promise.promise();

  private final Map<String, PodJob> jobs = new HashMap<>();
  private final Map<String, Future<PodJob>> submitting = new HashMap<>();

  /** Pods whose spec HPK cannot run: not submitted again, by UID. */
  private final Map<String, PodJobReport> rejected = new HashMap<>();

  public PodJobs(
      Vertx vertx, WorkerPool workers, SlurmCli slurm, ImageCache images, PodJobSettings settings) {
    this.vertx = vertx;
    this.workers = workers;
    this.slurm = slurm;
    this.settings = settings;
    this.outbox = new BridgeOutbox(vertx.eventBus());
    ImagePulls pulls = new ImagePulls(images, outbox, settings.localImageSchemes());
    this.submission = new JobSubmission(workers, slurm, pulls, outbox, settings);
    this.gangs = new PodGangs(submission, outbox);
    this.ephemeral = new EphemeralContainerStarts(workers, pulls, outbox, settings);
    this.tracker = new JobTracker(workers, slurm, outbox);
    this.cancellations = new Cancellations(vertx, workers, slurm);
    this.runningFiles = new RunningPodFiles(workers);
  }

  /**
   * Learns which jobs Slurm already runs for pods, so none is submitted twice after a restart. A
   * Slurm that does not answer is asked again with back-off; the future completes once it did.
   */
  public Future<Void> recover() {
    return workers
        .run(slurm::queue)
        .<Void>map(
            queue -> {
              LOG.info("found {} jobs of earlier pods in Slurm", adoptable.learn(queue));
              recovered.tryComplete();
              return null;
            })
        .recover(
            e -> {
              Duration delay = recoveryBackOff.next();
              LOG.warn(
                  "cannot read Slurm's queue, pods wait; trying again in {} ms: {}",
                  delay.toMillis(),
                  e.getMessage());
              return vertx.timer(delay.toMillis()).compose(t -> recover());
            });
  }

  /**
   * Runs the pod unless it already has a job (then nothing happens). The outcome comes as reports:
   * PENDING once submitted or adopted, REJECTED when the pod cannot run.
   */
  public Future<PodJob> run(PodRunRequest request) {
    Pod pod = PodJson.fromJson(request.pod());
    PodRef ref = PodRef.of(pod);
    PodJob known = jobs.get(ref.uid());
    if (known != null) {
      // Asked again (a restarted kubelet): what it knows of the pod may be older than the books,
      // and it refreshes from the tokens in this request.
      if (known.lastReport != null) {
        outbox.report(known.lastReport);
      }
      if (known.active()) {
        runningFiles
            .tokens(known, pod, request.serviceAccountTokens())
            .onFailure(e -> LOG.warn("[{}] tokens not replaced: {}", ref, e.getMessage()));
      }
      return Future.succeededFuture(known);
    }
    PodJobReport refusal = rejected.get(ref.uid());
    if (refusal != null) {
      outbox.report(refusal);
      return Future.failedFuture(refusal.reason() + ": " + refusal.message());
    }
    Future<PodJob> inFlight = submitting.get(ref.uid());
    if (inFlight != null) {
      return inFlight;
    }
    // Registered before the work starts: an adoption completes at once, and its removal must come
    // after the registration, not before it.
    Promise<PodJob> started = Promise.promise();
    submitting.put(ref.uid(), started.future());
    recovered
        .future()
        .compose(ready -> adoptOrSubmit(pod, ref, request))
        .onSuccess(this::track)
        .recover(e -> e instanceof PodGangs.LeftGang ? Future.failedFuture(e) : reject(ref, e))
        .onComplete(
            done -> {
              submitting.remove(ref.uid());
              started.handle(done);
            });
    return started.future();
  }

  private Future<PodJob> adoptOrSubmit(Pod pod, PodRef ref, PodRunRequest request) {
    PodDirectory directory;
    try {
      directory = PodDirectories.of(settings.workDir(), pod);
    } catch (PodSpecException e) {
      return Future.failedFuture(new PodRejection(e.reason(), e.getMessage(), true));
    }
    Optional<QueuedJob> found = adoptable.take(request.owner(), ref.uid());
    if (found.isPresent()) {
      String jobId = found.get().jobId();
      LOG.info("[{}] adopting [job {}] from before the restart", ref, jobId);
      PodJob adopted = new PodJob(request.owner(), ref, directory, jobId);
      // The kubelet refreshes these tokens from their expiry on, so they must be the ones on disk.
      return runningFiles
          .tokens(adopted, pod, request.serviceAccountTokens())
          .recover(
              e -> {
                LOG.warn("[{}] tokens of the adopted job not replaced: {}", ref, e.getMessage());
                return Future.succeededFuture();
              })
          .map(adopted);
    }
    return workers
        .run(() -> PodDirectoryFiles.earlierJob(directory))
        .compose(
            earlier -> {
              if (earlier.isPresent()) {
                LOG.info(
                    "[{}] had [job {}], which Slurm no longer lists: its end is read from the pod"
                        + " directory",
                    ref,
                    earlier.get());
                return Future.succeededFuture(
                    new PodJob(request.owner(), ref, directory, earlier.get()));
              }
              Future<PodJob> submitted =
                  request.podGroup().isGang()
                      ? gangs.join(pod, directory, request)
                      : submission.submit(pod, directory, request);
              return submitted.onSuccess(tracker::submitted);
            });
  }

  private void track(PodJob job) {
    jobs.put(job.pod.uid(), job);
  }

  private Future<PodJob> reject(PodRef ref, Throwable failure) {
    PodRejection rejection =
        failure instanceof PodRejection r
            ? r
            : new PodRejection(
                "SubmitFailed", "submitting the job failed, it is tried again: " + failure, false);
    LOG.warn("[{}] cannot run: {}: {}", ref, rejection.reason(), rejection.getMessage());
    PodJobReport report = PodJobReport.rejected(ref, rejection.reason(), rejection.getMessage());
    if (rejection.permanent()) {
      rejected.put(ref.uid(), report);
    }
    outbox.warning(ref, rejection.reason(), rejection.getMessage());
    outbox.report(report);
    return Future.failedFuture(rejection.reason() + ": " + rejection.getMessage());
  }

  /**
   * Writes a running pod's fresh service-account tokens over its token files. A pod still being
   * submitted gets them once its directory is written, so the submission's older tokens never
   * overwrite these; a pod without a running job fails.
   */
  public Future<Void> replaceTokens(PodTokensUpdate update) {
    Pod pod = PodJson.fromJson(update.pod());
    PodRef ref = PodRef.of(pod);
    Future<PodJob> inFlight = submitting.get(ref.uid());
    if (inFlight != null) {
      return inFlight.compose(submitted -> replaceTokens(update));
    }
    PodJob job = jobs.get(ref.uid());
    if (job == null || !job.active()) {
      return Future.failedFuture("pod " + ref + " has no running job");
    }
    return runningFiles.tokens(job, pod, update.serviceAccountTokens());
  }

  /** A running pod's ConfigMaps and Secrets again: changed keys replace their files. */
  public Future<Integer> replaceConfigAndSecrets(PodRunRequest request) {
    Pod pod = PodJson.fromJson(request.pod());
    PodJob job = jobs.get(PodRef.of(pod).uid());
    if (job == null || !job.active()) {
      return Future.failedFuture("pod " + PodRef.of(pod) + " has no running job");
    }
    return runningFiles.configAndSecrets(job, pod, request);
  }

  /**
   * A running pod's ephemeral containers that its job was not given yet are started there; fails at
   * once when the pod has no running job, else completes with the names handed to the job.
   */
  public Future<List<String>> startEphemeralContainers(PodRunRequest request) {
    Pod pod = PodJson.fromJson(request.pod());
    PodJob job = jobs.get(PodRef.of(pod).uid());
    if (job == null || job.state != SlurmJobState.RUNNING) {
      return Future.failedFuture("pod " + PodRef.of(pod) + " has no running job");
    }
    return ephemeral.start(job, pod, request);
  }

  /**
   * Stops the pod's job; the future tells whether a job was running and is being stopped (its end
   * comes as a report), or there was nothing to stop.
   */
  public Future<Boolean> stop(JobOwner owner, PodRef ref, long graceSeconds) {
    if (!recovered.future().isComplete()) {
      return recovered.future().compose(ready -> stop(owner, ref, graceSeconds));
    }
    if (gangs.leave(ref.uid())) {
      return Future.succeededFuture(false);
    }
    Future<PodJob> inFlight = submitting.get(ref.uid());
    if (inFlight != null) {
      // Deleted while its job was being submitted: stop the job as soon as it exists.
      return inFlight.transform(submitted -> stop(owner, ref, graceSeconds));
    }
    PodJob job = jobs.computeIfAbsent(ref.uid(), uid -> adoptForStop(owner, ref));
    StopPlan plan = StopPlan.of(job, graceSeconds);
    if (plan == StopPlan.NOTHING || plan == StopPlan.ALREADY_STOPPING) {
      return Future.succeededFuture(plan == StopPlan.ALREADY_STOPPING);
    }
    LOG.info("[{}] stopping [job {}], grace {}s", ref, job.jobId, graceSeconds);
    outbox.event(
        ref,
        "Killing",
        "Stopping Slurm job " + job.jobId + " (grace period " + graceSeconds + "s)");
    announceGangStop(job);
    if (plan == StopPlan.CANCEL_NOW) {
      return cancellations.cancel(job.jobId).map(true);
    }
    job.killTimer = vertx.setTimer(graceSeconds * 1000, t -> cancellations.cancel(job.jobId));
    return cancellations.terminate(job.jobId).map(true);
  }

  /** The other pods of a gang end with the pod that stops it: each is told why. */
  private void announceGangStop(PodJob stopped) {
    for (PodJob other : jobs.values()) {
      if (other != stopped && other.jobId.equals(stopped.jobId) && other.active()) {
        outbox.event(
            other.pod,
            "Killing",
            "Stopping Slurm job "
                + stopped.jobId
                + ": pod "
                + stopped.pod.name()
                + " of its pod group is being deleted, and a gang stops as one");
      }
    }
  }

  /**
   * A pod deleted while HPK was down is never run again, so its job from before the restart is
   * adopted here, to be stopped with the pod's grace period and tracked until it ends; null when
   * there is none.
   */
  private PodJob adoptForStop(JobOwner owner, PodRef ref) {
    return adoptable
        .take(owner, ref.uid())
        .map(
            found -> {
              PodDirectory directory =
                  PodDirectory.of(settings.workDir(), ref.namespace(), ref.name(), ref.uid());
              PodJob job = new PodJob(owner, ref, directory, found.jobId());
              job.state = found.state();
              LOG.info("[{}] adopting [job {}] from before the restart to stop it", ref, job.jobId);
              return job;
            })
        .orElse(null);
  }

  /** Forgets a pod that is gone from the API server (its job has ended or was stopped). */
  public void forget(String uid) {
    gangs.leave(uid);
    gangs.forget(uid);
    PodJob job = jobs.remove(uid);
    if (job != null && job.stopping()) {
      vertx.cancelTimer(job.killTimer);
    }
    rejected.remove(uid);
  }

  /** Cancels the owner's active jobs of pods that no longer exist; no other owner's. */
  public Future<List<CancelledJob>> reconcile(JobOwner owner, Set<String> livePodUids) {
    if (!recovered.future().isComplete()) {
      return recovered.future().compose(ready -> reconcile(owner, livePodUids));
    }
    List<CancelledJob> orphans = adoptable.orphans(owner, jobs.values(), livePodUids);
    if (orphans.isEmpty()) {
      return Future.succeededFuture(orphans);
    }
    LOG.info("cancelling jobs of pods that are gone: {}", orphans);
    List<Future<Void>> cancelled = new ArrayList<>();
    // The pods of a gang share their job: it is cancelled once.
    orphans.stream()
        .map(CancelledJob::jobId)
        .distinct()
        .forEach(jobId -> cancelled.add(cancellations.cancel(jobId)));
    return Future.join(cancelled).map(orphans);
  }

  /** One tracking round. */
  public void tick() {
    tracker.round(new ArrayList<>(jobs.values()));
  }
}
