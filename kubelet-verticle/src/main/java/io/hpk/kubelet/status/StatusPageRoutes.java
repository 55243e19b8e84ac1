package io.hpk.kubelet.status;

import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.shell.ScriptResource;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The status page at the edge: {@code /} is one self-contained HTML page (inline CSS, JS and SVG,
 * nothing fetched from elsewhere) carrying the current document, {@code /status.json} the document
 * alone, {@code /status/stream} server-sent events with each changed document. Every answer is
 * asked of the kubelet over the event bus, so any JVM of a split deployment can serve the page.
 */
public final class StatusPageRoutes {

  static final String PAGE = ScriptResource.load(StatusPageRoutes.class, "status.html");
  private static final String INITIAL_PLACEHOLDER = "/*INITIAL_STATUS*/null";
  private static final long PUSH_EVERY_MS = 2_000;

  private final Vertx vertx;

  public StatusPageRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  public void mount(Router router) {
    router.get("/").handler(this::page);
    router.get("/status.json").handler(this::document);
    router.get("/status/stream").handler(this::stream);
  }

  private void page(RoutingContext ctx) {
    askKubelet()
        .onComplete(
            asked ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(PAGE.replace(INITIAL_PLACEHOLDER, scriptSafe(orFailure(asked)))));
  }

  private void document(RoutingContext ctx) {
    askKubelet()
        .onComplete(
            asked ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .setStatusCode(asked.succeeded() ? 200 : 503)
                    .end(orFailure(asked)));
  }

  /** Polls the kubelet and pushes a document whenever it differs from the last one pushed. */
  private void stream(RoutingContext ctx) {
    HttpServerResponse response =
        ctx.response()
            .setChunked(true)
            .putHeader("Content-Type", "text/event-stream")
            .putHeader("Cache-Control", "no-store");
    String[] last = {""};
    Runnable push =
        () ->
            askKubelet()
                .onComplete(
                    asked -> {
                      String data = orFailure(asked);
                      if (!data.equals(last[0]) && !response.closed()) {
                        last[0] = data;
                        response.write("data: " + data + "\n\n");
                      }
                    });
    push.run();
    long timer = vertx.setPeriodic(PUSH_EVERY_MS, tick -> push.run());
    response.closeHandler(closed -> vertx.cancelTimer(timer));
  }

  private Future<JsonObject> askKubelet() {
    return BusQuestion.ask(vertx, Addresses.KUBELET_STATUS);
  }

  private static String orFailure(AsyncResult<JsonObject> asked) {
    return asked.succeeded()
        ? asked.result().encode()
        : new JsonObject()
            .put("error", BusFailure.describe(Addresses.KUBELET_STATUS, asked.cause()))
            .encode();
  }

  /** JSON inside a script element: no {@code </script>} or comment opener from any message. */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c");
  }
}
