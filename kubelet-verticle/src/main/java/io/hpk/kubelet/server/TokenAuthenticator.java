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

/**
 * Bearer tokens checked with a TokenReview, as the kubelet's webhook authenticator does, with
 * answers cached briefly (2 min like the kubelet's default; rejections only 10 s).
 */
public final class TokenAuthenticator {

  private static final Duration AUTHENTICATED_TTL = Duration.ofMinutes(2);
  private static final Duration REJECTED_TTL = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final WorkerPool workers;
  private final ExpiringCache<String, Optional<RequestUser>> cache =
      new ExpiringCache<>(1024, System::nanoTime);

  public TokenAuthenticator(KubernetesClient client, WorkerPool workers) {
    this.client = client;
    this.workers = workers;
  }

  /** The token's user; empty when the API server says the token is not valid. */
  public Future<Optional<RequestUser>> authenticate(String token) {
    String key = sha256(token);
    Optional<Optional<RequestUser>> cached = cache.get(key);
    if (cached.isPresent()) {
      return Future.succeededFuture(cached.get());
    }
    return workers
        .run(() -> review(token))
        .onSuccess(
            user -> cache.put(key, user, user.isPresent() ? AUTHENTICATED_TTL : REJECTED_TTL));
  }

  private Optional<RequestUser> review(String token) {
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
