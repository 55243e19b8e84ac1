package io.hpk.dns.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.hpk.common.config.HpkConfig;
import io.hpk.dns.model.HeadlessServiceMutation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Base64;

/** The headless-service admission webhook: a small TLS server and its registration. */
public final class ServiceWebhook {

  public static final String NAME = "hpk-headless-services";
  static final String PATH = "/mutate-services";

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
                        .setKeyPath(config.webhookKeyFile())));
    return server.requestHandler(this::handle).listen(config.webhookPort(), "0.0.0.0");
  }

  private void handle(HttpServerRequest request) {
    if (!PATH.equals(request.path()) || !"POST".equals(request.method().name())) {
      request.response().setStatusCode(404).end();
      return;
    }
    request
        .body()
        .onSuccess(
            body -> {
              try {
                JsonObject answer = HeadlessServiceMutation.review(body.toJsonObject());
                request
                    .response()
                    .putHeader("content-type", "application/json")
                    .end(answer.encode());
              } catch (DecodeException | ClassCastException e) {
                request
                    .response()
                    .setStatusCode(400)
                    .end("expected an AdmissionReview: " + e.getMessage());
              }
            });
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
