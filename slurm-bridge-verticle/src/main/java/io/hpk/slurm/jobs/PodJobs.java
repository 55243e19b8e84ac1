package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.QueuedJob;
import io.hpk.slurm.cli.SlurmCli;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.images.ImageReference;
import io.hpk.slurm.images.RegistryCredentials;
import io.hpk.slurm.model.JobPlan;
import io.hpk.slurm.model.JobSettings;
import io.hpk.slurm.model.PodDirectories;
import io.hpk.slurm.model.PodJobScript;
import io.hpk.slurm.model.PodResources;
import io.hpk.slurm.model.PodSpecException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every pod's job: submission (images, files, sbatch), tracking with one squeue per tick for all
 * jobs, stop with the pod's grace period, and reconciliation after a restart. Runs on the bridge's
 * event loop; Slurm and the filesystem are reached through the worker pool.
 */
public final class PodJobs {

  private static final Logger LOG = LoggerFactory.getLogger(PodJobs.class);

  /** Settings of the installation that the bridge needs. */
  public record Settings(
      Path workDir,
      String apptainer,
      String network,
      String podNetworkHelper,
      List<Path> hostPaths,
      String dnsServer,
      String clusterDomain) {}

  private final Vertx vertx;
  private final WorkerPool workers;
  private final SlurmCli slurm;
  private final ImageCache images;
  private final Settings settings;
  private final Map<String, PodJob> jobs = new HashMap<>();
  private final Map<String, Future<String>> submitting = new HashMap<>();

  /** Jobs found in Slurm at start, by pod UID, waiting for their pod to be named again. */
  private final Map<String, QueuedJob> adoptable = new HashMap<>();

  /** Pods whose spec HPK cannot run: not submitted again, by UID. */
  private final Map<String, PodJobReport> rejected = new HashMap<>();

  private boolean ticking;

  public PodJobs(
      Vertx vertx, WorkerPool workers, SlurmCli slurm, ImageCache images, Settings settings) {
    this.vertx = vertx;
    this.workers = workers;
    this.slurm = slurm;
    this.images = images;
    this.settings = settings;
  }

  /** Learns which jobs Slurm already runs for pods, so none is submitted twice after a restart. */
  public Future<Void> recover() {
    return workers
        .run(slurm::queue)
        .map(
            queued -> {
              for (QueuedJob job : queued) {
                if (job.comment().matches("[0-9a-f-]{36}")) {
                  adoptable.merge(job.comment(), job, PodJobs::newer);
                }
              }
              LOG.info("found {} jobs of earlier pods in Slurm", adoptable.size());
              return null;
            });
  }

  /** Runs the pod unless it already has a job; the future gives the job id. */
  public Future<String> run(PodRunRequest request) {
    Pod pod = PodJson.fromJson(request.pod());
    PodRef ref = PodRef.of(pod);
    PodJob known = jobs.get(ref.uid());
    if (known != null) {
      return Future.succeededFuture(known.jobId);
    }
    PodJobReport refusal = rejected.get(ref.uid());
    if (refusal != null) {
      publish(refusal);
      return Future.failedFuture(refusal.reason() + ": " + refusal.message());
    }
    Future<String> inFlight = submitting.get(ref.uid());
    if (inFlight != null) {
      return inFlight;
    }
    // Registered before the work starts: an adoption completes at once, and its removal must come
    // after the registration, not before it.
    Promise<String> submission = Promise.promise();
    submitting.put(ref.uid(), submission.future());
    adoptOrSubmit(pod, ref, request)
        .onComplete(
            done -> {
              submitting.remove(ref.uid());
              submission.handle(done);
            });
    return submission.future();
  }

  private Future<String> adoptOrSubmit(Pod pod, PodRef ref, PodRunRequest request) {
    PodDirectory paths;
    try {
      paths = PodDirectories.of(settings.workDir(), pod);
    } catch (PodSpecException e) {
      return reject(ref, e.reason(), e.getMessage(), true);
    }
    QueuedJob found = adoptable.remove(ref.uid());
    if (found != null) {
      LOG.info("[{}] adopting [job {}] from before the restart", ref, found.jobId());
      track(new PodJob(ref, paths, found.jobId()));
      return Future.succeededFuture(found.jobId());
    }
    return pullImages(pod, ref, pullSecrets(pod, request))
        .compose(sifs -> render(pod, ref, paths, request, sifs))
        .compose(plan -> submit(ref, paths, plan));
  }

  private static List<Map<String, byte[]>> pullSecrets(Pod pod, PodRunRequest request) {
    List<Map<String, byte[]>> secrets = new ArrayList<>();
    if (pod.getSpec().getImagePullSecrets() != null) {
      pod.getSpec().getImagePullSecrets().stream()
          .map(s -> request.secrets().get(s.getName()))
          .filter(java.util.Objects::nonNull)
          .forEach(secrets::add);
    }
    return secrets;
  }

  private Future<Map<String, String>> pullImages(
      Pod pod, PodRef ref, List<Map<String, byte[]>> pullSecrets) {
    Map<String, String> sifs = new LinkedHashMap<>();
    List<Future<Void>> pulls = new ArrayList<>();
    for (Container c : containers(pod)) {
      ImageReference image;
      try {
        image = ImageReference.of(c.getImage());
      } catch (IllegalArgumentException e) {
        return reject(
            ref, "InvalidImageName", "container " + c.getName() + ": " + e.getMessage(), true);
      }
      String policy =
          c.getImagePullPolicy() == null ? image.defaultPullPolicy() : c.getImagePullPolicy();
      if (images.needsPull(image, policy) && !"Never".equals(policy)) {
        event(ref, false, "Pulling", "Pulling image \"" + image.image() + "\"");
      }
      pulls.add(
          images
              .get(image, policy, RegistryCredentials.find(pullSecrets, image))
              .map(
                  result -> {
                    sifs.put(c.getImage(), result.sif().toString());
                    event(ref, false, "Pulled", pulledMessage(image, result));
                    return null;
                  }));
    }
    return Future.all(pulls)
        .map(all -> sifs)
        .recover(
            e -> reject(ref, "ErrImagePull", "Failed to pull image: " + e.getMessage(), false));
  }

  private Future<JobPlan> render(
      Pod pod, PodRef ref, PodDirectory paths, PodRunRequest request, Map<String, String> sifs) {
    JobSettings jobSettings =
        new JobSettings(
            settings.apptainer(),
            settings.network(),
            settings.podNetworkHelper(),
            settings.hostPaths(),
            sifs,
            settings.dnsServer(),
            settings.clusterDomain());
    PodResources resources =
        new PodResources(
            request.configMaps(),
            request.secrets(),
            request.serviceAccountTokens(),
            request.persistentVolumePaths());
    try {
      return Future.succeededFuture(PodJobScript.render(pod, paths, resources, jobSettings));
    } catch (PodSpecException e) {
      return reject(ref, e.reason(), e.getMessage(), true);
    }
  }

  private Future<String> submit(PodRef ref, PodDirectory paths, JobPlan plan) {
    return workers
        .run(
            () -> {
              PodDirectoryFiles.write(paths, plan);
              return slurm.submit(paths.jobScript());
            })
        .compose(
            jobId -> {
              LOG.info("[{}] submitted as [job {}]", ref, jobId);
              event(ref, false, "Submitted", "Submitted to Slurm as job " + jobId);
              PodJob job = new PodJob(ref, paths, jobId);
              track(job);
              publishIfChanged(job, SlurmJobState.PENDING, "", List.of(), "");
              return Future.succeededFuture(jobId);
            },
            e -> {
              String why = e instanceof SlurmCli.SlurmException ? e.getMessage() : e.toString();
              return reject(ref, "SlurmRejected", "sbatch refused the job: " + why, true);
            });
  }

  private void track(PodJob job) {
    jobs.put(job.pod.uid(), job);
  }

  /**
   * Stops the pod's job: TERM to the job script now (it forwards it to the containers), a cancel
   * after the grace period. A pending job is cancelled at once.
   */
  /**
   * Stops the pod's job; the future tells whether a job was running and is being stopped (its end
   * comes as a report), or there was nothing to stop.
   */
  public Future<Boolean> stop(PodRef ref, long graceSeconds) {
    Future<String> inFlight = submitting.get(ref.uid());
    if (inFlight != null) {
      // Deleted while its job was being submitted: stop the job as soon as it exists.
      return inFlight.transform(submitted -> stop(ref, graceSeconds));
    }
    PodJob job = jobs.get(ref.uid());
    if (job == null) {
      job = adoptForStop(ref);
    }
    if (job == null || !job.active()) {
      return Future.succeededFuture(false);
    }
    if (job.killTimer >= 0) {
      return Future.succeededFuture(true);
    }
    PodJob stopping = job;
    LOG.info("[{}] stopping [job {}], grace {}s", ref, job.jobId, graceSeconds);
    event(
        ref,
        false,
        "Killing",
        "Stopping Slurm job " + job.jobId + " (grace period " + graceSeconds + "s)");
    if (job.state == SlurmJobState.PENDING || graceSeconds == 0) {
      return workers.run(() -> cancel(stopping.jobId)).map(true);
    }
    job.killTimer =
        vertx.setTimer(
            graceSeconds * 1000,
            t ->
                workers
                    .run(() -> cancel(stopping.jobId))
                    .onFailure(
                        e -> LOG.warn("[job {}] cancel failed: {}", stopping.jobId, e.toString())));
    return workers
        .run(
            () -> {
              slurm.terminate(stopping.jobId);
              return null;
            })
        .map(true);
  }

  /**
   * A pod deleted while HPK was down is never run again, so its job from before the restart is
   * adopted here, to be stopped with the pod's grace period and tracked until it ends.
   */
  private PodJob adoptForStop(PodRef ref) {
    QueuedJob found = adoptable.remove(ref.uid());
    if (found == null) {
      return null;
    }
    Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withUid(ref.uid())
            .withNamespace(ref.namespace())
            .withName(ref.name())
            .endMetadata()
            .build();
    PodJob job = new PodJob(ref, PodDirectories.of(settings.workDir(), pod), found.jobId());
    job.state = found.state();
    LOG.info("[{}] adopting [job {}] from before the restart to stop it", ref, found.jobId());
    track(job);
    return job;
  }

  private Void cancel(String jobId) throws java.io.IOException {
    slurm.cancel(jobId);
    return null;
  }

  /** Forgets a pod that is gone from the API server (its job has ended or was stopped). */
  public void forget(String uid) {
    PodJob job = jobs.remove(uid);
    if (job != null && job.killTimer >= 0) {
      vertx.cancelTimer(job.killTimer);
    }
    rejected.remove(uid);
  }

  /** Cancels the active jobs of pods that no longer exist; returns their UIDs. */
  public Future<List<String>> reconcile(Set<String> liveUids) {
    List<String> orphans = new ArrayList<>();
    Stream.concat(
            jobs.values().stream().filter(PodJob::active).map(j -> Map.entry(j.pod.uid(), j.jobId)),
            adoptable.values().stream()
                .filter(QueuedJob::active)
                .map(q -> Map.entry(q.comment(), q.jobId())))
        .filter(e -> !liveUids.contains(e.getKey()))
        .forEach(e -> orphans.add(e.getKey() + "=" + e.getValue()));
    adoptable.keySet().removeIf(uid -> !liveUids.contains(uid));
    if (orphans.isEmpty()) {
      return Future.succeededFuture(orphans);
    }
    LOG.info("cancelling jobs of pods that are gone: {}", orphans);
    return workers.run(
        () -> {
          for (String orphan : orphans) {
            cancel(orphan.substring(orphan.indexOf('=') + 1));
          }
          return orphans;
        });
  }

  /** One tracking round: one squeue for all jobs, state files only for jobs that may change. */
  public void tick() {
    List<PodJob> watched = jobs.values().stream().filter(j -> !j.settled).toList();
    if (watched.isEmpty() || ticking) {
      return;
    }
    ticking = true;
    workers
        .run(() -> observe(watched))
        .onSuccess(observations -> observations.forEach(this::apply))
        .onFailure(e -> LOG.warn("tracking round failed: {}", e.toString()))
        .onComplete(done -> ticking = false);
  }

  private record Observation(
      PodJob job,
      SlurmJobState state,
      String reason,
      List<ContainerStateFile> containers,
      String podIp) {}

  private List<Observation> observe(List<PodJob> watched) throws java.io.IOException {
    Map<String, QueuedJob> queue = new HashMap<>();
    for (QueuedJob q : slurm.queue()) {
      queue.put(q.jobId(), q);
    }
    List<Observation> out = new ArrayList<>();
    for (PodJob job : watched) {
      QueuedJob q = queue.get(job.jobId);
      SlurmJobState state = q == null ? SlurmJobState.GONE : q.state();
      String reason = q == null || "None".equals(q.reason()) ? "" : q.reason();
      boolean filesMayChange = state != SlurmJobState.PENDING;
      out.add(
          new Observation(
              job,
              state,
              reason,
              filesMayChange ? PodDirectoryFiles.containerStates(job.paths) : List.of(),
              filesMayChange ? PodDirectoryFiles.podIp(job.paths) : ""));
    }
    return out;
  }

  private void apply(Observation o) {
    announceStarts(o.job(), o.containers());
    o.job().state = o.state();
    o.job().slurmReason = o.reason();
    publishIfChanged(o.job(), o.state(), o.reason(), o.containers(), o.podIp());
    if (!o.job().active()) {
      o.job().settled = true;
    }
  }

  /** A Started event for every container run that began since the last report. */
  private void announceStarts(PodJob job, List<ContainerStateFile> containers) {
    for (ContainerStateFile c : containers) {
      String run = c.name() + "#" + c.restartCount();
      if (c.running() && job.startedRuns.add(run)) {
        event(job.pod, false, "Started", "Started container " + c.name());
      }
    }
  }

  private void publishIfChanged(
      PodJob job,
      SlurmJobState state,
      String reason,
      List<ContainerStateFile> containers,
      String podIp) {
    String message =
        state == SlurmJobState.PENDING && !reason.isEmpty()
            ? "Slurm job " + job.jobId + " is pending: " + reason
            : "";
    PodJobReport report =
        new PodJobReport(job.pod, job.jobId, state, reason, message, podIp, containers);
    if (!report.equals(job.lastReport)) {
      job.lastReport = report;
      publish(report);
    }
  }

  private void publish(PodJobReport report) {
    vertx.eventBus().publish(Addresses.POD_REPORT, report.toJson());
  }

  private <T> Future<T> reject(PodRef ref, String reason, String message, boolean permanent) {
    LOG.warn("[{}] cannot run: {}: {}", ref, reason, message);
    PodJobReport report = PodJobReport.rejected(ref, reason, message);
    if (permanent) {
      rejected.put(ref.uid(), report);
    }
    event(ref, true, reason, message);
    publish(report);
    return Future.failedFuture(reason + ": " + message);
  }

  private void event(PodRef ref, boolean warning, String reason, String message) {
    vertx
        .eventBus()
        .publish(Addresses.POD_EVENT, new PodEventMessage(ref, warning, reason, message).toJson());
  }

  private static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      all.addAll(pod.getSpec().getInitContainers());
    }
    all.addAll(pod.getSpec().getContainers());
    return all;
  }

  private static String pulledMessage(ImageReference image, ImageCache.Result result) {
    return result.pulled()
        ? "Successfully pulled image \""
            + image.image()
            + "\" in "
            + result.took().toMillis()
            + "ms"
        : "Container image \"" + image.image() + "\" already present on machine";
  }

  private static QueuedJob newer(QueuedJob a, QueuedJob b) {
    return Long.parseLong(a.jobId().replaceAll("\\D.*", ""))
            >= Long.parseLong(b.jobId().replaceAll("\\D.*", ""))
        ? a
        : b;
  }
}
