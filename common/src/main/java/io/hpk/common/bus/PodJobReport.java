package io.hpk.common.bus;

import io.hpk.common.pod.ContainerStateFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the bridge knows of a pod's job: the Slurm side and the container state files the job script
 * writes.
 *
 * @param pod which pod
 * @param jobId the Slurm job id, "" when no job could be submitted
 * @param jobState Slurm's state, or GONE / REJECTED
 * @param reason Slurm's reason for a pending job, or why the pod could not run
 * @param message a sentence for the pod status
 * @param podIp the pod's IP once its sandbox is up, else ""
 * @param containers the state file of each container that has one (init containers too)
 * @param node the Slurm node the pod runs on once its job script started there, else ""
 */
public record PodJobReport(
    PodRef pod,
    String jobId,
    SlurmJobState jobState,
    String reason,
    String message,
    String podIp,
    List<ContainerStateFile> containers,
    String node) {

  public PodJobReport {
    containers = List.copyOf(containers);
  }

  /** A report of a pod whose node is not known (yet). */
  public PodJobReport(
      PodRef pod,
      String jobId,
      SlurmJobState jobState,
      String reason,
      String message,
      String podIp,
      List<ContainerStateFile> containers) {
    this(pod, jobId, jobState, reason, message, podIp, containers, "");
  }

  /** A pod HPK cannot run: no job was or will be submitted. */
  public static PodJobReport rejected(PodRef pod, String reason, String message) {
    return new PodJobReport(pod, "", SlurmJobState.REJECTED, reason, message, "", List.of());
  }

  public JsonObject toJson() {
    JsonArray files = new JsonArray();
    containers.forEach(c -> files.add(c.toJson()));
    return new JsonObject()
        .put("pod", pod.toJson())
        .put("jobId", jobId)
        .put("jobState", jobState.name())
        .put("reason", reason)
        .put("message", message)
        .put("podIp", podIp)
        .put("containers", files)
        .put("node", node);
  }

  public static PodJobReport fromJson(JsonObject json) {
    return new PodJobReport(
        PodRef.fromJson(json.getJsonObject("pod")),
        json.getString("jobId", ""),
        SlurmJobState.parse(json.getString("jobState", "")),
        json.getString("reason", ""),
        json.getString("message", ""),
        json.getString("podIp", ""),
        json.getJsonArray("containers", new JsonArray()).stream()
            .map(o -> ContainerStateFile.fromJson((JsonObject) o))
            .toList(),
        json.getString("node", ""));
  }

  /** Whether the job will not run again (finished, failed, cancelled, gone or never accepted). */
  public boolean ended() {
    return !jobState.active();
  }

  public boolean rejected() {
    return jobState == SlurmJobState.REJECTED;
  }

  /**
   * A refusal that is tried again when the kubelet asks again (an image that could not be pulled, a
   * Slurm that did not answer): the pod stays Pending instead of failing.
   */
  public boolean retried() {
    return rejected() && RETRIED_REASONS.contains(reason);
  }

  /** The reasons of {@link #retried()} refusals. */
  public static final java.util.Set<String> RETRIED_REASONS =
      java.util.Set.of("ErrImagePull", "SlurmUnavailable", "SubmitFailed", "PodGroupNotFound");
}
