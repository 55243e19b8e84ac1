package io.hpk.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How many TokenReviews a flood of bearer tokens costs the API server. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TokenAuthenticatorTest {

  private static final int LIMIT = 5;
  private static final RequestUser ALICE = new RequestUser("alice", "", List.of(), Map.of());

  private final AtomicInteger reviews = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();
  private WorkerPool workers;
  private TokenAuthenticator tokens;

  @BeforeEach
  void start(Vertx vertx) {
    workers = new WorkerPool(vertx, "test-token-review", 4);
    tokens =
        new TokenAuthenticator(
            token -> {
              reviews.incrementAndGet();
              return token.equals("good") ? Optional.of(ALICE) : Optional.empty();
            },
            workers,
            LIMIT,
            nanos::get);
  }

  @AfterEach
  void stop() {
    workers.close();
  }

  /**
   * A thousand distinct bogus tokens at once cost {@value #LIMIT} reviews; the rest are refused
   * without one, and after a second {@value #LIMIT} more are reviewed.
   */
  @Test
  void distinctBogusTokensAreReviewedNoFasterThanTheLimit(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(
        v -> {
          List<Future<Optional<RequestUser>>> bogus = flood("bogus-", 1000);
          Future.join(bogus)
              .transform(
                  flooded -> {
                    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
                    return Future.join(flood("later-", 1000)).transform(later -> refused(bogus));
                  })
              .onComplete(
                  test.succeeding(
                      refused ->
                          test.verify(
                              () -> {
                                assertThat(refused).isEqualTo(1000L - LIMIT);
                                assertThat(reviews.get()).isEqualTo(2 * LIMIT);
                                test.completeNow();
                              })));
        });
  }

  /**
   * Answers are cached both ways: a rejected token and an accepted one cost one review each, also
   * when a flood of unknown tokens comes between.
   */
  @Test
  void cachedAnswersCostNoReviewAndSurviveAFlood(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(
        v ->
            tokens
                .authenticate("good")
                .compose(first -> tokens.authenticate("bogus"))
                .compose(first -> Future.join(flood("flood-", 5000)).otherwiseEmpty())
                .compose(flood -> tokens.authenticate("good"))
                .compose(good -> tokens.authenticate("bogus").map(bogus -> List.of(good, bogus)))
                .onComplete(
                    test.succeeding(
                        answers ->
                            test.verify(
                                () -> {
                                  assertThat(answers)
                                      .containsExactly(Optional.of(ALICE), Optional.empty());
                                  assertThat(reviews.get()).isEqualTo(LIMIT);
                                  test.completeNow();
                                }))));
  }

  /** One token sent many times at once is reviewed once. */
  @Test
  void oneTokenAtOnceIsReviewedOnce(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(
        v -> {
          List<Future<Optional<RequestUser>>> same = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            same.add(tokens.authenticate("good"));
          }
          Future.all(same)
              .onComplete(
                  test.succeeding(
                      all ->
                          test.verify(
                              () -> {
                                assertThat(reviews.get()).isEqualTo(1);
                                test.completeNow();
                              })));
        });
  }

  private List<Future<Optional<RequestUser>>> flood(String prefix, int count) {
    List<Future<Optional<RequestUser>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(tokens.authenticate(prefix + i));
    }
    return answers;
  }

  private static Future<Long> refused(List<Future<Optional<RequestUser>>> answers) {
    return Future.succeededFuture(
        answers.stream().filter(f -> f.cause() instanceof TooManyTokenReviews).count());
  }
}
