package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The jobs the bridge cancelled because their pods no longer exist. */
public record PodsReconcileReply(List<CancelledJob> cancelled) {

  /** One orphan job: the pod UID its comment names and its Slurm job id. */
  public record CancelledJob(String podUid, String jobId) {

    @Override
    public String toString() {
      return "job " + jobId + " of pod " + podUid;
    }
  }

  public PodsReconcileReply {
    cancelled = List.copyOf(cancelled);
  }

  public JsonObject toJson() {
    JsonArray jobs = new JsonArray();
    cancelled.forEach(
        j -> jobs.add(new JsonObject().put("podUid", j.podUid()).put("jobId", j.jobId())));
    return new JsonObject().put("cancelled", jobs);
  }

  public static PodsReconcileReply fromJson(JsonObject json) {
    return new PodsReconcileReply(
        json.getJsonArray("cancelled", new JsonArray()).stream()
            .map(o -> (JsonObject) o)
            .map(j -> new CancelledJob(j.getString("podUid"), j.getString("jobId")))
            .toList());
  }
}
