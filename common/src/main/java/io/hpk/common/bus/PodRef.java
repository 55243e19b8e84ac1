package io.hpk.common.bus;

import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.json.JsonObject;

/** Which pod a message is about. */
public record PodRef(String uid, String namespace, String name) {

  public static PodRef of(Pod pod) {
    return new PodRef(
        pod.getMetadata().getUid(), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  public JsonObject toJson() {
    return new JsonObject().put("uid", uid).put("namespace", namespace).put("name", name);
  }

  public static PodRef fromJson(JsonObject json) {
    return new PodRef(json.getString("uid"), json.getString("namespace"), json.getString("name"));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
