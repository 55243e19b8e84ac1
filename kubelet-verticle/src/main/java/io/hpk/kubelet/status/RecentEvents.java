package io.hpk.kubelet.status;

import io.hpk.common.bus.PodEventMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/** The newest events of the node's pods, as many as fit; the oldest fall out first. */
final class RecentEvents {

  private final int capacity;
  private final Deque<JsonObject> events = new ArrayDeque<>();

  RecentEvents(int capacity) {
    this.capacity = capacity;
  }

  void add(long timeMillis, PodEventMessage event) {
    events.addFirst(
        new JsonObject()
            .put("time", timeMillis)
            .put("namespace", event.pod().namespace())
            .put("pod", event.pod().name())
            .put("type", event.warning() ? "Warning" : "Normal")
            .put("reason", event.reason())
            .put("message", event.message()));
    if (events.size() > capacity) {
      events.removeLast();
    }
  }

  /** Newest first. */
  JsonArray toJson() {
    JsonArray array = new JsonArray();
    events.forEach(e -> array.add(e.copy()));
    return array;
  }
}
