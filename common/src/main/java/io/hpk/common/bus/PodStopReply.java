package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * @param stopping the job was signalled and its end will come as a {@link PodJobReport}; false when
 *     the pod had no running job, so there is nothing to wait for
 */
public record PodStopReply(boolean stopping) {

  public JsonObject toJson() {
    return new JsonObject().put("stopping", stopping);
  }

  public static PodStopReply fromJson(JsonObject json) {
    return new PodStopReply(json.getBoolean("stopping", false));
  }
}
