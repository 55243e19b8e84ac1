package io.hpk.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig.KubeletServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kubelet server's answers to anonymous, unauthorized and authorized callers. */
@ExtendWith(VertxExtension.class)
@EnableKubernetesMockClient
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class KubeletAuthHandlerTest {

  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";

  /** The clock stands still: the limit never refills during a test. */
  private static final int REVIEWS_PER_SECOND = 3;

  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  KubernetesClient client;
  KubernetesMockServer server;
  private WorkerPool workers;
  private KubeletServer kubelet;
  private HttpClient http;

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext test) {
    workers = new WorkerPool(vertx, "test-kube-api", 2);
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    KubeletAuthHandler auth =
        new KubeletAuthHandler(
            Optional.empty(),
            new TokenAuthenticator(
                token -> TokenAuthenticator.review(client, token),
                workers,
                REVIEWS_PER_SECOND,
                () -> 0L),
            new SubjectAccessAuthorizer(client, workers, "hpk-kubelet"));
    KubeletRoutes healthz =
        router -> router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    KubeletServer.listen(
            vertx,
            new KubeletServerConfig("127.0.0.1", 0, "", "", "", ""),
            new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()),
            auth,
            List.of(healthz))
        .onComplete(
            test.succeeding(
                started -> {
                  kubelet = started;
                  test.completeNow();
                }));
  }

  @AfterEach
  void stopServer() {
    kubelet.stop();
    workers.close();
  }

  private Future<String> get(String path, String token) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(kubelet.port())
            .setURI(path);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return http.request(options)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> resp.statusCode() + " " + body));
  }

  private void tokenReviewSays(boolean authenticated) {
    server
        .expect()
        .post()
        .withPath(TOKEN_REVIEWS)
        .andReturn(
            201,
            new TokenReviewBuilder()
                .withNewStatus()
                .withAuthenticated(authenticated)
                .withNewUser()
                .withUsername("alice")
                .withGroups("devs")
                .endUser()
                .endStatus()
                .build())
        .always();
  }

  private void accessReviewSays(boolean allowed) {
    server
        .expect()
        .post()
        .withPath(ACCESS_REVIEWS)
        .andReturn(
            201,
            new SubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(allowed)
                .endStatus()
                .build())
        .always();
  }

  @Test
  void requestWithoutCredentialsIs401(VertxTestContext test) {
    get("/healthz", null)
        .onComplete(
            test.succeeding(
                answer ->
                    test.verify(
                        () -> {
                          assertThat(answer).isEqualTo("401 Unauthorized");
                          assertThat(server.getRequestCount()).isZero();
                          test.completeNow();
                        })));
  }

  @Test
  void tokenTheApiServerRejectsIs401(VertxTestContext test) {
    tokenReviewSays(false);
    get("/healthz", "bad")
        .onComplete(
            test.succeeding(
                answer ->
                    test.verify(
                        () -> {
                          assertThat(answer).isEqualTo("401 Unauthorized");
                          test.completeNow();
                        })));
  }

  @Test
  void authenticatedUserWithoutAccessIs403NamingUserVerbAndSubresources(VertxTestContext test) {
    tokenReviewSays(true);
    accessReviewSays(false);
    get("/healthz", "good")
        .onComplete(
            test.succeeding(
                answer ->
                    test.verify(
                        () -> {
                          assertThat(answer)
                              .isEqualTo(
                                  "403 Forbidden (user=alice, verb=get, resource=nodes,"
                                      + " subresource(s)=[healthz, proxy])");
                          test.completeNow();
                        })));
  }

  @Test
  void allowedUserReachesTheRouteAndTheReviewNamesThisNode(VertxTestContext test) {
    tokenReviewSays(true);
    accessReviewSays(true);
    get("/healthz", "good")
        .onComplete(
            test.succeeding(
                answer ->
                    test.verify(
                        () -> {
                          assertThat(answer).isEqualTo("200 ok");
                          String review = server.getLastRequest().getBody().readUtf8();
                          assertThat(review)
                              .contains("\"name\":\"hpk-kubelet\"")
                              .contains("\"subresource\":\"healthz\"")
                              .contains("\"user\":\"alice\"");
                          test.completeNow();
                        })));
  }

  /**
   * Unknown tokens beyond the TokenReview limit get 429 and never reach the API server; a token
   * already reviewed is answered from the cache.
   */
  @Test
  void unknownTokensAboveTheReviewLimitAre429WithoutAReview(VertxTestContext test) {
    tokenReviewSays(false);
    Future<String> answers = Future.succeededFuture("");
    for (int i = 0; i < REVIEWS_PER_SECOND + 2; i++) {
      String token = "bogus-" + i;
      answers = answers.compose(before -> get("/healthz", token).map(a -> before + a + "|"));
    }
    answers
        .compose(all -> get("/healthz", "bogus-0").map(again -> all + again))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(all)
                              .isEqualTo(
                                  "401 Unauthorized|401 Unauthorized|401 Unauthorized|"
                                      + "429 Too Many Requests|429 Too Many Requests|"
                                      + "401 Unauthorized");
                          assertThat(server.getRequestCount()).isEqualTo(REVIEWS_PER_SECOND);
                          test.completeNow();
                        })));
  }
}
