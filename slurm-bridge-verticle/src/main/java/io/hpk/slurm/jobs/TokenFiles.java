package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.slurm.model.PlannedFile;
import io.hpk.slurm.model.PodSpecException;
import io.hpk.slurm.model.ServiceAccountTokenFiles;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a job's fresh service-account tokens over the token files in its pod directory. */
final class TokenFiles {

  private static final Logger LOG = LoggerFactory.getLogger(TokenFiles.class);

  private final WorkerPool workers;

  TokenFiles(WorkerPool workers) {
    this.workers = workers;
  }

  /** Only the tokens the pod spec has a place for; none to write completes at once. */
  Future<Void> write(PodJob job, Pod pod, Map<String, String> tokens) {
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
}
