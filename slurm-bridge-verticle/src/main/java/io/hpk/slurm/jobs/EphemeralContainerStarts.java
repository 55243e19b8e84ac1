package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.slurm.model.EphemeralContainerLaunch;
import io.hpk.slurm.model.EphemeralContainers;
import io.hpk.slurm.model.PlannedFile;
import io.hpk.slurm.model.PodSpecException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a running pod's new ephemeral containers: the image goes through the SIF cache like any
 * other, then the container's launch is written into the pod directory, where the job's loop starts
 * it within a second. A container that cannot start gets a Warning and a waiting state naming why;
 * the pod and its other containers are untouched. Event-loop confined.
 */
final class EphemeralContainerStarts {

  private static final Logger LOG = LoggerFactory.getLogger(EphemeralContainerStarts.class);

  private final WorkerPool workers;
  private final ImagePulls pulls;
  private final BridgeOutbox outbox;
  private final PodJobSettings settings;

  /** uid/name of containers being started, so a repeated request pulls and writes nothing twice. */
  private final Set<String> inFlight = new HashSet<>();

  EphemeralContainerStarts(
      WorkerPool workers, ImagePulls pulls, BridgeOutbox outbox, PodJobSettings settings) {
    this.workers = workers;
    this.pulls = pulls;
    this.outbox = outbox;
    this.settings = settings;
  }

  /** Completes with the names handed to the job now; each failure was reported already. */
  Future<List<String>> start(PodJob job, Pod pod, PodRunRequest request) {
    List<String> names =
        EphemeralContainers.of(pod).stream().map(EphemeralContainer::getName).toList();
    return workers
        .run(() -> names.stream().filter(n -> isNew(job, n)).toList())
        .compose(
            fresh -> {
              List<Future<String>> starts = new ArrayList<>();
              fresh.stream()
                  .filter(name -> inFlight.add(key(job, name)))
                  .forEach(name -> starts.add(startOne(job, pod, request, name)));
              return Future.join(starts)
                  .transform(
                      done ->
                          Future.succeededFuture(
                              starts.stream()
                                  .filter(Future::succeeded)
                                  .map(Future::result)
                                  .toList()));
            });
  }

  private static boolean isNew(PodJob job, String name) {
    try {
      return !PodDirectoryFiles.hasEphemeralLaunch(job.directory, name);
    } catch (IllegalArgumentException e) {
      return true; // not a container name: refused by the rendering, with its reason
    }
  }

  private Future<String> startOne(PodJob job, Pod pod, PodRunRequest request, String name) {
    Container container = EphemeralContainers.named(pod, name).orElseThrow();
    return pulls
        .pull(pod, List.of(container), request.secrets())
        .compose(sifs -> render(pod, job, request, name, sifs))
        .compose(
            files ->
                workers.run(
                    () -> {
                      PodDirectoryFiles.replace(job.directory, files);
                      return name;
                    }))
        .onSuccess(
            written -> LOG.info("[{}] ephemeral container {} handed to its job", job.pod, name))
        .recover(e -> refuse(job, name, e))
        .onComplete(done -> inFlight.remove(key(job, name)));
  }

  private Future<List<PlannedFile>> render(
      Pod pod, PodJob job, PodRunRequest request, String name, Map<String, String> sifs) {
    try {
      return Future.succeededFuture(
          EphemeralContainerLaunch.render(
              pod,
              name,
              job.directory,
              PodJobSettings.resources(request),
              settings.forScripts(sifs, request.owner())));
    } catch (PodSpecException e) {
      return Future.failedFuture(new PodRejection(e.reason(), e.getMessage(), true));
    }
  }

  /**
   * A Warning, and the container's state says why, unless its name is not one the pod directory can
   * hold or belongs to another container of the pod (whose state it would overwrite).
   */
  private Future<String> refuse(PodJob job, String name, Throwable failure) {
    String reason = failure instanceof PodRejection r ? r.reason() : "CreateContainerError";
    String message = failure.getMessage();
    LOG.warn("[{}] ephemeral container {} not started: {}: {}", job.pod, name, reason, message);
    outbox.warning(job.pod, reason, "ephemeral container " + name + ": " + message);
    if ("InvalidPodSpec".equals(reason)) {
      return Future.failedFuture(message);
    }
    ContainerStateFile waiting =
        new ContainerStateFile(
            name,
            ContainerStateFile.State.WAITING,
            reason,
            message,
            0,
            "",
            "",
            0,
            null,
            null,
            null);
    return workers
        .run(
            () -> {
              PodDirectoryFiles.writeState(job.directory, waiting);
              return (Void) null;
            })
        .transform(written -> Future.failedFuture(message));
  }

  private static String key(PodJob job, String name) {
    return job.pod.uid() + "/" + name;
  }
}
