package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * The UIDs of every pod that exists on the owner's node: that owner's jobs of any other pod are
 * orphans. Jobs of other owners are never touched.
 */
public record PodsReconcileRequest(JobOwner owner, Set<String> podUids) {

  public PodsReconcileRequest {
    podUids = Set.copyOf(podUids);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("owner", owner.toJson())
        .put("podUids", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(podUids))));
  }

  public static PodsReconcileRequest fromJson(JsonObject json) {
    Set<String> uids = new TreeSet<>();
    json.getJsonArray("podUids", new JsonArray()).forEach(uid -> uids.add(String.valueOf(uid)));
    return new PodsReconcileRequest(
        JobOwner.fromJson(json.getJsonObject("owner", new JsonObject())), uids);
  }
}
