package io.hpk.dns.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.config.HpkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The webhook's own limits: where it listens, how much it reads, how long it waits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceWebhookTest {

  private Vertx vertx;
  private ServiceWebhook webhook;
  private int port;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    HpkConfig.DnsConfig config =
        new HpkConfig.DnsConfig(
            0,
            "127.0.0.1",
            "",
            cert.certificatePath(),
            cert.privateKeyPath(),
            "",
            false,
            List.of(),
            "",
            "",
            "cluster.local");
    webhook = new ServiceWebhook(vertx, config);
    port =
        webhook
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A body over the limit is refused with 413 before it is read. */
  @Test
  void anOversizedBodyIsRefused() throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    int status =
        client
            .request(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI(ServiceWebhook.PATH))
            .compose(
                request -> request.send(Buffer.buffer(new byte[ServiceWebhook.MAX_BODY_BYTES + 1])))
            .map(response -> response.statusCode())
            .toCompletionStage()
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    assertThat(status).isEqualTo(413);
  }

  /** A client that never finishes its request is disconnected after the deadline. */
  @Test
  void aSlowClientIsCutOff() throws Exception {
    CompletableFuture<Long> closedAfter = new CompletableFuture<>();
    long started = System.nanoTime();
    HttpClientRequest request =
        client()
            .request(post())
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    request.connection().closeHandler(v -> closedAfter.complete(System.nanoTime() - started));
    request.setChunked(true).write("{");
    // A byte a second keeps the connection from ever being idle.
    long drip = vertx.setPeriodic(1000, t -> request.write(" "));

    long nanos = closedAfter.get(30, TimeUnit.SECONDS);
    vertx.cancelTimer(drip);
    assertThat(TimeUnit.NANOSECONDS.toMillis(nanos))
        .isBetween(ServiceWebhook.BODY_DEADLINE_MS - 1000, ServiceWebhook.BODY_DEADLINE_MS + 5000);
  }

  /** Held in a field: Vert.x closes a client nothing refers to any more. */
  private HttpClient client() {
    if (client == null) {
      client =
          vertx.createHttpClient(
              new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    }
    return client;
  }

  private RequestOptions post() {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI(ServiceWebhook.PATH);
  }
}
