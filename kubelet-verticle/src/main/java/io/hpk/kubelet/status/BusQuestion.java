package io.hpk.kubelet.status;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** A request of the status page's parts: an empty body, a JSON answer or a failure in time. */
final class BusQuestion {

  private static final long TIMEOUT_MS = 5_000;

  private BusQuestion() {}

  static Future<JsonObject> ask(Vertx vertx, String address) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            address, new JsonObject(), new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(Message::body);
  }
}
