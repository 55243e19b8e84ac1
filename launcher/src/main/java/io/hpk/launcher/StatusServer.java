package io.hpk.launcher;

import io.hpk.common.config.HpkConfig.UiConfig;
import io.hpk.kubelet.status.StatusPageRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's operator port: the status page (answered by the kubelet over the event bus, wherever
 * it runs) and {@code /metrics}, this JVM's meters as Prometheus text. Plain HTTP without
 * authentication, on loopback unless configured otherwise: it shows nothing secret.
 */
final class StatusServer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final UiConfig config;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  StatusServer(UiConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router
        .get("/metrics")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(registry::scrape, false)
                    .onSuccess(
                        text -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(text))
                    .onFailure(ctx::fail));
    new StatusPageRoutes(vertx).mount(router);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(config.port(), config.bindAddress())
        .onSuccess(
            listening -> {
              server = listening;
              LOG.info(
                  "status page on http://{}:{}/ and metrics on /metrics",
                  config.bindAddress(),
                  listening.actualPort());
            });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
