package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * The bridge has taken a {@link PodRunRequest}: it pulls, submits or adopts the pod's job now, and
 * what comes of it arrives as {@link PodJobReport}s (PENDING with the job id, or REJECTED with
 * why).
 */
public record PodRunAccepted(PodRef pod) {

  public JsonObject toJson() {
    return new JsonObject().put("pod", pod.toJson());
  }

  public static PodRunAccepted fromJson(JsonObject json) {
    return new PodRunAccepted(PodRef.fromJson(json.getJsonObject("pod")));
  }
}
