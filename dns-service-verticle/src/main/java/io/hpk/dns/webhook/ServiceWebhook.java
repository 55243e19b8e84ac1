package io.hpk.dns.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.hpk.common.config.HpkConfig;
import io.hpk.dns.model.HeadlessServiceMutation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** The headless-service admission webhook: a small TLS server and its registration. */
public final class ServiceWebhook {

  public static final String NAME = "hpk-headless-services";
  static final String PATH = "/mutate-services";

  /** An AdmissionReview of one Service is a few KiB; kube-apiserver objects stay under 3 MiB. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * kube-apiserver gives up after the registration's 5 s: a body still coming after 10 s is not
   * its.
   */
  static final long BODY_DEADLINE_MS = 10_000;

  private final Vertx vertx;
  private final HpkConfig.DnsConfig config;
  private HttpServer server;

  public ServiceWebhook(Vertx vertx, HpkConfig.DnsConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public Future<HttpServer> listen() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(
                    new PemKeyCertOptions()
                        .setCertPath(config.webhookCertFile())
                        .setKeyPath(config.webhookKeyFile()))
                .setIdleTimeout((int) (BODY_DEADLINE_MS / 1000))
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
    return server.requestHandler(this::handle).listen(config.webhookPort(), bindAddress());
  }

  private String bindAddress() {
    return config.webhookBindAddress().isEmpty()
        ? config.webhookHost()
        : config.webhookBindAddress();
  }

  private void handle(HttpServerRequest request) {
    if (!PATH.equals(request.path()) || !"POST".equals(request.method().name())) {
      request.response().setStatusCode(404).end();
      return;
    }
    String length = request.getHeader("content-length");
    if (length != null
        && length.matches("[0-9]{1,18}")
        && Long.parseLong(length) > MAX_BODY_BYTES) {
      refuseTooLarge(request);
      return;
    }
    Buffer body = Buffer.buffer();
    // A client that sends its body slowly (a byte now and then beats the idle timeout) is cut off.
    long deadline = vertx.setTimer(BODY_DEADLINE_MS, t -> request.connection().close());
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            vertx.cancelTimer(deadline);
            refuseTooLarge(request);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        done -> {
          vertx.cancelTimer(deadline);
          if (!request.response().ended()) {
            answer(request, body);
          }
        });
  }

  private static void answer(HttpServerRequest request, Buffer body) {
    try {
      JsonObject answer = HeadlessServiceMutation.review(body.toJsonObject());
      request.response().putHeader("content-type", "application/json").end(answer.encode());
    } catch (DecodeException | ClassCastException e) {
      request.response().setStatusCode(400).end("expected an AdmissionReview: " + e.getMessage());
    }
  }

  private static void refuseTooLarge(HttpServerRequest request) {
    request
        .response()
        .setStatusCode(413)
        .putHeader("connection", "close")
        .end("an AdmissionReview is at most " + MAX_BODY_BYTES + " bytes")
        .onComplete(sent -> request.connection().close());
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * failurePolicy Ignore with a 5 s timeout: when HPK is down, Services are still created (as
   * ClusterIP, reported at the next start) instead of every Service create failing cluster-wide.
   */
  public MutatingWebhookConfiguration registration(byte[] caBundle) {
    String url = "https://" + config.webhookHost() + ":" + config.webhookPort() + PATH;
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(NAME)
        .addToLabels("app.kubernetes.io/managed-by", "hpk")
        .endMetadata()
        .addNewWebhook()
        .withName("headless-services.hpk.io")
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withFailurePolicy("Ignore")
        .withTimeoutSeconds(5)
        .withReinvocationPolicy("Never")
        .withNewClientConfig()
        .withUrl(url)
        .withCaBundle(Base64.getEncoder().encodeToString(caBundle))
        .endClientConfig()
        .addNewRule()
        .withApiGroups("")
        .withApiVersions("v1")
        .withOperations("CREATE")
        .withResources("services")
        .withScope("Namespaced")
        .endRule()
        .endWebhook()
        .build();
  }
}
