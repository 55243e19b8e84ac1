package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/** The UIDs of every pod that exists on the node: jobs of any other pod are orphans. */
public record PodsReconcileRequest(Set<String> podUids) {

  public PodsReconcileRequest {
    podUids = Set.copyOf(podUids);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("podUids", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(podUids))));
  }

  public static PodsReconcileRequest fromJson(JsonObject json) {
    Set<String> uids = new TreeSet<>();
    json.getJsonArray("podUids", new JsonArray()).forEach(uid -> uids.add(String.valueOf(uid)));
    return new PodsReconcileRequest(uids);
  }
}
