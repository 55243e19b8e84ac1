package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/** An event for the kubelet to record on a pod (the bridge cannot write to the API server). */
public record PodEventMessage(PodRef pod, boolean warning, String reason, String message) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("pod", pod.toJson())
        .put("warning", warning)
        .put("reason", reason)
        .put("message", message);
  }

  public static PodEventMessage fromJson(JsonObject json) {
    return new PodEventMessage(
        PodRef.fromJson(json.getJsonObject("pod")),
        json.getBoolean("warning", false),
        json.getString("reason", ""),
        json.getString("message", ""));
  }
}
