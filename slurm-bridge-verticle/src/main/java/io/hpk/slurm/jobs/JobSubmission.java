package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.SlurmCli;
import io.hpk.slurm.model.JobPlan;
import io.hpk.slurm.model.JobSettings;
import io.hpk.slurm.model.PodGang;
import io.hpk.slurm.model.PodJobScript;
import io.hpk.slurm.model.PodResources;
import io.hpk.slurm.model.PodSpecException;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A new pod's way into Slurm: its images, its directory and job script, then sbatch. */
final class JobSubmission {

  private static final Logger LOG = LoggerFactory.getLogger(JobSubmission.class);

  private final WorkerPool workers;
  private final SlurmCli slurm;
  private final ImagePulls pulls;
  private final BridgeOutbox outbox;
  private final PodJobSettings settings;

  JobSubmission(
      WorkerPool workers,
      SlurmCli slurm,
      ImagePulls pulls,
      BridgeOutbox outbox,
      PodJobSettings settings) {
    this.workers = workers;
    this.slurm = slurm;
    this.pulls = pulls;
    this.outbox = outbox;
    this.settings = settings;
  }

  /** The submitted job; fails with a {@link PodRejection} when the pod cannot run. */
  Future<PodJob> submit(Pod pod, PodDirectory directory, PodRunRequest request) {
    PodRef ref = PodRef.of(pod);
    JobOwner owner = request.owner();
    return prepare(pod, directory, request)
        .compose(
            written ->
                sbatch(
                    owner,
                    ref.toString(),
                    owner.comment(ref.uid()),
                    directory.jobScript(),
                    List.of(directory)))
        .map(
            jobId -> {
              outbox.event(ref, "Submitted", "Submitted to Slurm as job " + jobId);
              return new PodJob(owner, ref, directory, jobId);
            });
  }

  /**
   * A pod's images, directory and job script, ready to run as a job or as a step of its gang's job;
   * fails with a {@link PodRejection} when the pod cannot run.
   */
  Future<Void> prepare(Pod pod, PodDirectory directory, PodRunRequest request) {
    return pulls
        .pull(pod, request.secrets())
        .compose(sifs -> render(pod, directory, request, sifs))
        .compose(
            plan ->
                workers.run(
                    () -> {
                      PodDirectoryFiles.write(directory, plan);
                      return (Void) null;
                    }));
  }

  /** One job for the gang's pods, each already {@link #prepare prepared}: their shared job id. */
  Future<String> submitGang(JobOwner owner, PodGang gang) {
    Path gangDir = gang.directory(settings.workDir());
    String script = gang.script(gangDir, owner);
    return workers
        .run(() -> PodDirectoryFiles.writeGangScript(gangDir, script))
        .compose(
            path ->
                sbatch(
                    owner,
                    "pod group " + gang.namespace() + "/" + gang.group(),
                    owner.comment(gang.podUids()),
                    path,
                    gang.members().stream().map(PodGang.Member::directory).toList()));
  }

  private Future<JobPlan> render(
      Pod pod, PodDirectory directory, PodRunRequest request, Map<String, String> sifs) {
    JobSettings jobSettings = settings.forScripts(sifs, request.owner());
    PodResources resources = PodJobSettings.resources(request);
    try {
      return Future.succeededFuture(PodJobScript.render(pod, directory, resources, jobSettings));
    } catch (PodSpecException e) {
      return Future.failedFuture(new PodRejection(e.reason(), e.getMessage(), true));
    }
  }

  /** sbatch of a written script; the job id is recorded in every pod directory it runs. */
  private Future<String> sbatch(
      JobOwner owner, String what, String comment, Path script, List<PodDirectory> pods) {
    return workers
        .run(() -> slurm.submit(script))
        .recover(failure -> acceptedAnyway(what, comment, failure))
        .compose(
            jobId ->
                workers.run(
                    () -> {
                      pods.forEach(directory -> recorded(what, directory, jobId));
                      return jobId;
                    }))
        .onSuccess(jobId -> LOG.info("[{}] submitted as [job {}]", what, jobId));
  }

  /** A job id that could not be recorded still names a job; only a restart would miss it. */
  private static void recorded(String what, PodDirectory directory, String jobId) {
    try {
      PodDirectoryFiles.recordJobId(directory, jobId);
    } catch (IOException e) {
      LOG.warn("[{}] [job {}] not recorded in {}: {}", what, jobId, directory.dir(), e.toString());
    }
  }

  /**
   * An sbatch that failed may still have been accepted (its answer lost to a timeout or a slurmctld
   * restart): the job is found by its comment, never submitted twice. A squeue that fails too finds
   * nothing, and the failure stands.
   */
  private Future<String> acceptedAnyway(String what, String comment, Throwable failure) {
    return workers
        .run(slurm::queue)
        .map(
            queue ->
                queue.stream()
                    .filter(job -> job.comment().equals(comment) && job.active())
                    .map(job -> job.jobId())
                    .findFirst())
        .otherwise(Optional.empty())
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(SbatchFailure.rejection(failure));
              }
              LOG.info("[{}] sbatch failed but Slurm has [job {}]", what, found.get());
              return Future.succeededFuture(found.get());
            });
  }
}
