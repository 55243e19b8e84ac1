package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each pod's Slurm job id on the pod as the annotation {@value #KEY}, so anyone can match
 * {@code kubectl describe pod} with {@code squeue}. One merge patch per pod and job; a patch that
 * fails is tried again with the pod's next report. Event-loop confined; the patch runs on the
 * worker pool.
 */
final class JobIdAnnotations {

  static final String KEY = "slurm.hpk.io/job-id";

  private static final Logger LOG = LoggerFactory.getLogger(JobIdAnnotations.class);

  private final KubernetesClient client;
  private final WorkerPool workers;

  /** The job id written or being written, by pod UID. */
  private final Map<String, String> annotated = new HashMap<>();

  JobIdAnnotations(KubernetesClient client, WorkerPool workers) {
    this.client = client;
    this.workers = workers;
  }

  void annotate(Pod pod, String jobId) {
    String uid = pod.getMetadata().getUid();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (jobId.isEmpty()
        || jobId.equals(annotated.get(uid))
        || annotations != null && jobId.equals(annotations.get(KEY))) {
      return;
    }
    annotated.put(uid, jobId);
    PodRef ref = PodRef.of(pod);
    // The UID precondition keeps a patch from landing on a new pod of the same name.
    String patch =
        new JsonObject()
            .put(
                "metadata",
                new JsonObject()
                    .put("uid", uid)
                    .put("annotations", new JsonObject().put(KEY, jobId)))
            .encode();
    workers
        .run(
            () ->
                client
                    .pods()
                    .inNamespace(ref.namespace())
                    .withName(ref.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch))
        .onFailure(
            e -> {
              LOG.warn("[{}] job id {} not annotated: {}", ref, jobId, e.getMessage());
              annotated.remove(uid, jobId);
            });
  }

  void forget(String uid) {
    annotated.remove(uid);
  }
}
