package io.hpk.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.Addresses;
import io.hpk.kubelet.RouterOnLoopback;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The page's edge: one self-contained HTML page and a live stream, both asked of the kubelet. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StatusPageRoutesTest {

  private static final JsonObject DOCUMENT =
      new JsonObject()
          .put("node", "hpk-kubelet")
          .put(
              "events",
              new JsonArray().add(new JsonObject().put("message", "</script><img src=x>")));

  private HttpClient http;
  private int port;

  @BeforeEach
  void serve(Vertx vertx, VertxTestContext test) {
    Router router = Router.router(vertx);
    new StatusPageRoutes(vertx).mount(router);
    http = vertx.createHttpClient();
    RouterOnLoopback.serve(vertx, router)
        .onComplete(
            test.succeeding(
                listening -> {
                  port = listening;
                  test.completeNow();
                }));
  }

  /** The page carries the kubelet's document, escaped so no message can end its script. */
  @Test
  void pageCarriesTheDocumentSafely(Vertx vertx, VertxTestContext test) {
    answerAsKubelet(vertx)
        .compose(ready -> get("/"))
        .onComplete(
            test.succeeding(
                page ->
                    test.verify(
                        () -> {
                          assertThat(page).contains("\"node\":\"hpk-kubelet\"");
                          assertThat(page).doesNotContain("</script><img");
                          assertThat(page).contains("\\u003c/script>\\u003cimg src=x>");
                          test.completeNow();
                        })));
  }

  /** Nothing is loaded from elsewhere: no src or href attribute, no stylesheet or script link. */
  @Test
  void pageNeedsNoExternalAssets(VertxTestContext test) {
    String page = StatusPageRoutes.PAGE;

    test.verify(
        () -> {
          assertThat(page).doesNotContainPattern("(?i)\\s(src|href)\\s*=");
          assertThat(page).doesNotContainPattern("(?i)@import|url\\(");
          assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http");
          test.completeNow();
        });
  }

  /** The stream pushes the document at once, as a server-sent event. */
  @Test
  void streamPushesTheDocumentAsAnEvent(Vertx vertx, VertxTestContext test) {
    answerAsKubelet(vertx)
        .compose(ready -> http.request(HttpMethod.GET, port, "127.0.0.1", "/status/stream"))
        .compose(request -> request.send())
        .onComplete(
            test.succeeding(
                response -> {
                  response.handler(
                      chunk ->
                          test.verify(
                              () -> {
                                assertThat(response.getHeader("Content-Type"))
                                    .isEqualTo("text/event-stream");
                                assertThat(chunk.toString())
                                    .startsWith("data: {\"node\":\"hpk-kubelet\"")
                                    .endsWith("\n\n");
                                test.completeNow();
                              }));
                }));
  }

  /** Without a kubelet on the event bus the document says so instead of hanging. */
  @Test
  void withoutAKubeletTheDocumentNamesTheProblem(VertxTestContext test) {
    http.request(HttpMethod.GET, port, "127.0.0.1", "/status.json")
        .compose(request -> request.send())
        .onComplete(
            test.succeeding(
                response ->
                    response
                        .body()
                        .onComplete(
                            test.succeeding(
                                body ->
                                    test.verify(
                                        () -> {
                                          assertThat(response.statusCode()).isEqualTo(503);
                                          assertThat(body.toJsonObject().getString("error"))
                                              .contains(Addresses.KUBELET_STATUS);
                                          test.completeNow();
                                        })))));
  }

  private static Future<Void> answerAsKubelet(Vertx vertx) {
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.KUBELET_STATUS, msg -> msg.reply(DOCUMENT))
        .completion();
  }

  private Future<String> get(String path) {
    return http.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .compose(HttpClientResponse::body)
        .map(Buffer::toString);
  }
}
