package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The running containers of one pod with their CPU and memory. */
public record PodUsage(PodRef pod, List<ContainerUsage> containers) {

  public PodUsage {
    containers = List.copyOf(containers);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    containers.forEach(c -> array.add(c.toJson()));
    return new JsonObject().put("pod", pod.toJson()).put("containers", array);
  }

  public static PodUsage fromJson(JsonObject json) {
    return new PodUsage(
        PodRef.fromJson(json.getJsonObject("pod")),
        json.getJsonArray("containers", new JsonArray()).stream()
            .map(c -> ContainerUsage.fromJson((JsonObject) c))
            .toList());
  }
}
