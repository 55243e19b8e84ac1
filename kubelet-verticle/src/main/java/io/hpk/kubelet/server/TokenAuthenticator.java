package io.hpk.kubelet.server;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens checked with a TokenReview, as the kubelet's webhook authenticator does, with
 * answers cached briefly (2 min like the kubelet's default; rejections only 10 s, in a cache of
 * their own so a flood of bogus tokens cannot push out the good ones). Tokens with no cached answer
 * are reviewed at most {@code reviewsPerSecond} a second, one review per token at a time; above
 * that the request fails with {@link TooManyTokenReviews} and the API server never hears of it.
 */
public final class TokenAuthenticator {

  /** What asks the API server about a token; blocking. */
  interface Reviewer {
    Optional<RequestUser> review(String token);
  }

  private static final Duration AUTHENTICATED_TTL = Duration.ofMinutes(2);
  private static final Duration REJECTED_TTL = Duration.ofSeconds(10);

  private final Reviewer reviewer;
  private final WorkerPool workers;
  private final int reviewsPerSecond;
  private final ReviewRateLimit limit;
  private final ExpiringCache<String, RequestUser> authenticated;
  private final ExpiringCache<String, Boolean> rejected;
  private final Map<String, Future<Optional<RequestUser>>> inFlight = new ConcurrentHashMap<>();

  public TokenAuthenticator(KubernetesClient client, WorkerPool workers, int reviewsPerSecond) {
    this(token -> review(client, token), workers, reviewsPerSecond, System::nanoTime);
  }

  TokenAuthenticator(
      Reviewer reviewer, WorkerPool workers, int reviewsPerSecond, LongSupplier nanoTime) {
    this.reviewer = reviewer;
    this.workers = workers;
    this.reviewsPerSecond = reviewsPerSecond;
    this.limit = new ReviewRateLimit(reviewsPerSecond, nanoTime);
    this.authenticated = new ExpiringCache<>(1024, nanoTime);
    this.rejected = new ExpiringCache<>(4096, nanoTime);
  }

  /**
   * The token's user; empty when the API server says the token is not valid; failed with {@link
   * TooManyTokenReviews} when the token would need a review above the limit.
   */
  public Future<Optional<RequestUser>> authenticate(String token) {
    String key = sha256(token);
    Optional<RequestUser> known = authenticated.get(key);
    if (known.isPresent()) {
      return Future.succeededFuture(known);
    }
    if (rejected.get(key).isPresent()) {
      return Future.succeededFuture(Optional.empty());
    }
    Future<Optional<RequestUser>> pending = inFlight.get(key);
    if (pending != null) {
      return pending;
    }
    if (!limit.tryAcquire()) {
      return Future.failedFuture(new TooManyTokenReviews(reviewsPerSecond));
    }
    Future<Optional<RequestUser>> review =
        workers
            .run(() -> reviewer.review(token))
            .onSuccess(user -> remember(key, user))
            .onComplete(done -> inFlight.remove(key));
    inFlight.put(key, review);
    return review;
  }

  private void remember(String key, Optional<RequestUser> user) {
    if (user.isPresent()) {
      authenticated.put(key, user.get(), AUTHENTICATED_TTL);
    } else {
      rejected.put(key, Boolean.TRUE, REJECTED_TTL);
    }
  }

  static Optional<RequestUser> review(KubernetesClient client, String token) {
    TokenReview review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    if (review.getStatus() == null
        || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
        || review.getStatus().getUser() == null) {
      return Optional.empty();
    }
    UserInfo user = review.getStatus().getUser();
    return Optional.of(
        new RequestUser(
            user.getUsername(),
            user.getUid() == null ? "" : user.getUid(),
            user.getGroups() == null ? List.of() : user.getGroups(),
            user.getExtra() == null ? Map.of() : user.getExtra()));
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
