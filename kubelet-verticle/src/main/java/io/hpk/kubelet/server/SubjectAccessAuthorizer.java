package io.hpk.kubelet.server;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Asks the API server whether a user may use a subresource of this node (SubjectAccessReview), as
 * the kubelet's webhook authorizer does, caching allowed answers 5 min and denied ones 30 s.
 */
public final class SubjectAccessAuthorizer {

  private static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
  private static final Duration DENIED_TTL = Duration.ofSeconds(30);

  /** The API server's answer. */
  public record Decision(boolean allowed, String reason) {}

  private record Key(RequestUser user, String verb, String subresource) {}

  private final KubernetesClient client;
  private final WorkerPool workers;
  private final String nodeName;
  private final ExpiringCache<Key, Decision> cache = new ExpiringCache<>(1024, System::nanoTime);

  public SubjectAccessAuthorizer(KubernetesClient client, WorkerPool workers, String nodeName) {
    this.client = client;
    this.workers = workers;
    this.nodeName = nodeName;
  }

  public Future<Decision> authorize(RequestUser user, String verb, String subresource) {
    Key key = new Key(user, verb, subresource);
    return cache
        .get(key)
        .map(Future::succeededFuture)
        .orElseGet(
            () ->
                workers
                    .run(() -> review(key))
                    .onSuccess(
                        decision ->
                            cache.put(
                                key, decision, decision.allowed() ? ALLOWED_TTL : DENIED_TTL)));
  }

  private Decision review(Key key) {
    SubjectAccessReview review =
        client
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(key.user().name())
                    .withUid(key.user().uid().isEmpty() ? null : key.user().uid())
                    .withGroups(key.user().groups())
                    .withExtra(key.user().extra().isEmpty() ? null : key.user().extra())
                    .withNewResourceAttributes()
                    .withGroup("")
                    .withVersion("v1")
                    .withResource("nodes")
                    .withSubresource(key.subresource())
                    .withName(nodeName)
                    .withVerb(key.verb())
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    boolean allowed =
        review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    String reason = review.getStatus() == null ? null : review.getStatus().getReason();
    return new Decision(allowed, reason == null ? "" : reason);
  }
}
