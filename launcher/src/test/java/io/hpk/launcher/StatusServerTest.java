package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.Addresses;
import io.hpk.common.config.HpkConfig.UiConfig;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator port: this JVM's meters as Prometheus text, Vert.x's event bus among them. */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class StatusServerTest {

  private final HpkMeters meters = new HpkMeters();
  private final Vertx vertx = meters.vertx(new VertxOptions()).build();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    meters.close();
  }

  /**
   * /metrics has HPK's own meters, the JVM's and the messages sent to HPK's addresses, but no
   * one-off reply address.
   */
  @Test
  void metricsHaveHpkJvmAndEventBusMeters() throws Exception {
    VertxTestContext test = new VertxTestContext();
    Counter.builder("hpk.pod.submissions").register(meters.registry()).increment();
    int port = freePort();
    vertx.eventBus().consumer(Addresses.SLURM_CLUSTER_INFO, msg -> msg.reply(new JsonObject()));

    vertx
        .deployVerticle(new StatusServer(new UiConfig("127.0.0.1", port), meters.registry()))
        .compose(id -> vertx.eventBus().request(Addresses.SLURM_CLUSTER_INFO, new JsonObject()))
        .compose(replied -> get(port, "/metrics"))
        .onComplete(
            test.succeeding(
                text ->
                    test.verify(
                        () -> {
                          assertThat(text).contains("hpk_pod_submissions_total 1.0");
                          assertThat(text).contains("jvm_memory_used_bytes");
                          assertThat(text)
                              .containsPattern(
                                  "vertx_eventbus_sent_total\\{address=\"hpk.bridge.cluster.info\"");
                          assertThat(text).doesNotContain("__vertx.reply");
                          test.completeNow();
                        })));

    assertThat(test.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    if (test.failed()) {
      throw new AssertionError(test.causeOfFailure());
    }
  }

  private Future<String> get(int port, String path) {
    return vertx
        .createHttpClient()
        .request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .compose(HttpClientResponse::body)
        .map(Buffer::toString);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
