package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One sample of the node's and the running pods' CPU and memory, as the bridge answers {@link
 * Addresses#PODS_USAGE}.
 *
 * @param timestampMillis when the sample was taken (epoch ms)
 * @param node the machine's totals
 * @param pods pods with at least one running container that could be measured
 */
public record UsageSnapshot(long timestampMillis, NodeUsage node, List<PodUsage> pods) {

  public UsageSnapshot {
    pods = List.copyOf(pods);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    pods.forEach(p -> array.add(p.toJson()));
    return new JsonObject()
        .put("timestampMillis", timestampMillis)
        .put("node", node.toJson())
        .put("pods", array);
  }

  public static UsageSnapshot fromJson(JsonObject json) {
    return new UsageSnapshot(
        json.getLong("timestampMillis", 0L),
        NodeUsage.fromJson(json.getJsonObject("node", new JsonObject())),
        json.getJsonArray("pods", new JsonArray()).stream()
            .map(p -> PodUsage.fromJson((JsonObject) p))
            .toList());
  }
}
