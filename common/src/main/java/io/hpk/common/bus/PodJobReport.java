package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the bridge knows of a pod's job: the Slurm side and the container state files the job script
 * writes.
 *
 * @param pod which pod
 * @param jobId the Slurm job id, "" when no job could be submitted
 * @param jobState Slurm's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, …), or GONE when
 *     Slurm no longer knows the job, or REJECTED when it was never accepted
 * @param reason Slurm's reason for a pending job, or why the pod could not run
 * @param message a sentence for the pod status
 * @param podIp the pod's IP once its sandbox is up, else ""
 * @param containers the state file JSON of each container that has one (init containers too)
 */
public record PodJobReport(
    PodRef pod,
    String jobId,
    String jobState,
    String reason,
    String message,
    String podIp,
    JsonArray containers) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("pod", pod.toJson())
        .put("jobId", jobId)
        .put("jobState", jobState)
        .put("reason", reason)
        .put("message", message)
        .put("podIp", podIp)
        .put("containers", containers);
  }

  public static PodJobReport fromJson(JsonObject json) {
    return new PodJobReport(
        PodRef.fromJson(json.getJsonObject("pod")),
        json.getString("jobId", ""),
        json.getString("jobState", ""),
        json.getString("reason", ""),
        json.getString("message", ""),
        json.getString("podIp", ""),
        json.getJsonArray("containers", new JsonArray()));
  }

  /** Whether the job will not run again (finished, failed, cancelled, gone or never accepted). */
  public boolean ended() {
    return switch (jobState) {
      case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING" ->
          false;
      default -> true;
    };
  }
}
