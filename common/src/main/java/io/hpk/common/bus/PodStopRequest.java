package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/** Stop a pod's job: TERM now, KILL after the grace period (0: cancel at once). */
public record PodStopRequest(JobOwner owner, PodRef pod, long gracePeriodSeconds) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("owner", owner.toJson())
        .put("pod", pod.toJson())
        .put("gracePeriodSeconds", gracePeriodSeconds);
  }

  public static PodStopRequest fromJson(JsonObject json) {
    return new PodStopRequest(
        JobOwner.fromJson(json.getJsonObject("owner", new JsonObject())),
        PodRef.fromJson(json.getJsonObject("pod")),
        json.getLong("gracePeriodSeconds", 30L));
  }
}
