package io.hpk.common.bus;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;

/** Pods travel on the event bus in their Kubernetes JSON form. */
public final class PodJson {

  private PodJson() {}

  public static JsonObject toJson(Pod pod) {
    return new JsonObject(Serialization.asJson(pod));
  }

  public static Pod fromJson(JsonObject json) {
    return Serialization.unmarshal(json.encode(), Pod.class);
  }
}
