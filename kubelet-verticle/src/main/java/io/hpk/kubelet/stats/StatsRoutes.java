package io.hpk.kubelet.stats;

import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.UsageSnapshot;
import io.hpk.kubelet.model.ResourceMetricsText;
import io.hpk.kubelet.model.SummaryDocument;
import io.hpk.kubelet.server.KubeletRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /stats/summary} and {@code GET /metrics/resource}: the CPU and memory the Slurm bridge
 * measured where the pods' jobs run, in the kubelet's formats, for metrics-server and {@code
 * kubectl top}.
 */
public final class StatsRoutes implements KubeletRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(StatsRoutes.class);
  private static final long BRIDGE_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String nodeName;

  public StatsRoutes(Vertx vertx, String nodeName) {
    this.vertx = vertx;
    this.nodeName = nodeName;
  }

  @Override
  public void mount(Router router) {
    router.get("/stats/summary").handler(this::summary);
    router.get("/metrics/resource").handler(this::resourceMetrics);
  }

  private void summary(RoutingContext ctx) {
    askBridge()
        .onSuccess(
            snapshot ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(SummaryDocument.render(nodeName, snapshot).encodePrettily()))
        .onFailure(e -> ctx.response().setStatusCode(503).end(why(e) + "\n"));
  }

  private void resourceMetrics(RoutingContext ctx) {
    askBridge()
        .map(ResourceMetricsText::render)
        .otherwise(e -> ResourceMetricsText.scrapeError())
        .onSuccess(
            text ->
                ctx.response()
                    .putHeader("Content-Type", ResourceMetricsText.CONTENT_TYPE)
                    .end(text));
  }

  private Future<UsageSnapshot> askBridge() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.PODS_USAGE,
            new JsonObject(),
            new DeliveryOptions().setSendTimeout(BRIDGE_TIMEOUT_MS))
        .map(reply -> UsageSnapshot.fromJson(reply.body()))
        .onFailure(e -> LOG.warn("[node {}] no usage sample: {}", nodeName, why(e)));
  }

  private static String why(Throwable e) {
    return e instanceof ReplyException r
        ? "Slurm bridge: " + r.failureType() + " " + r.getMessage()
        : e.toString();
  }
}
