package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.slurm.model.PlannedFile;
import io.hpk.slurm.model.PodResources;
import io.hpk.slurm.model.PodSpecException;
import io.hpk.slurm.model.ServiceAccountTokenFiles;
import io.hpk.slurm.model.VolumePlan;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files of a pod whose job runs again, each renamed over the old one: fresh service-account
 * tokens, and the keys of its ConfigMaps and Secrets when those objects changed.
 */
final class RunningPodFiles {

  private static final Logger LOG = LoggerFactory.getLogger(RunningPodFiles.class);

  private final WorkerPool workers;

  RunningPodFiles(WorkerPool workers) {
    this.workers = workers;
  }

  /** Only the tokens the pod spec has a place for; none to write completes at once. */
  Future<Void> tokens(PodJob job, Pod pod, Map<String, String> tokens) {
    List<PlannedFile> files;
    try {
      files = ServiceAccountTokenFiles.of(pod, tokens);
    } catch (PodSpecException e) {
      return Future.failedFuture(e.getMessage());
    }
    if (files.isEmpty()) {
      return Future.succeededFuture();
    }
    return workers
        .run(
            () -> {
              PodDirectoryFiles.replace(job.directory, files);
              return (Void) null;
            })
        .onSuccess(
            done ->
                LOG.info("[{}] replaced {} service-account token file(s)", job.pod, files.size()));
  }

  /**
   * The pod's ConfigMap and Secret files as the request has them, only those whose content changed,
   * so a container watching its files sees a change only where there is one. Keys that were removed
   * keep their old file.
   */
  Future<Integer> configAndSecrets(PodJob job, Pod pod, PodRunRequest request) {
    PodResources resources =
        new PodResources(request.configMaps(), request.secrets(), Map.of(), Map.of(), Map.of());
    List<PlannedFile> files;
    try {
      files = VolumePlan.configAndSecretFiles(pod, job.directory, resources);
    } catch (PodSpecException e) {
      return Future.failedFuture(e.getMessage());
    }
    return workers
        .run(() -> PodDirectoryFiles.replaceChanged(job.directory, files))
        .onSuccess(
            changed -> {
              if (changed > 0) {
                LOG.info("[{}] {} ConfigMap or Secret file(s) changed", job.pod, changed);
              }
            });
  }
}
