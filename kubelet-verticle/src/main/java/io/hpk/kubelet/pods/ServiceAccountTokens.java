package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.kubelet.model.IssuedToken;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Requests the bound service-account tokens of a pod's projected volumes (TokenRequest), each bound
 * to the pod, so the API server invalidates them when the pod is gone. Blocking: worker pool only.
 */
final class ServiceAccountTokens {

  /** The API server's default, which it may extend for legacy clients; the kubelet asks for it. */
  private static final long DEFAULT_EXPIRATION_SECONDS = 3607;

  private final KubernetesClient client;
  private final Clock clock;

  ServiceAccountTokens(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The pod's tokens (projected volume name + "/" + path → token) whose key {@code wanted} takes.
   */
  Map<String, IssuedToken> issue(Pod pod, Predicate<String> wanted) {
    Map<String, IssuedToken> tokens = new LinkedHashMap<>();
    String serviceAccount =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      if (volume.getProjected() == null || volume.getProjected().getSources() == null) {
        continue;
      }
      for (VolumeProjection source : volume.getProjected().getSources()) {
        ServiceAccountTokenProjection projection = source.getServiceAccountToken();
        String key = projection == null ? null : volume.getName() + "/" + projection.getPath();
        if (key != null && wanted.test(key)) {
          tokens.put(key, issue(pod, serviceAccount, projection));
        }
      }
    }
    return tokens;
  }

  private IssuedToken issue(
      Pod pod, String serviceAccount, ServiceAccountTokenProjection projection) {
    long seconds =
        projection.getExpirationSeconds() == null
            ? DEFAULT_EXPIRATION_SECONDS
            : projection.getExpirationSeconds();
    TokenRequestBuilder request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(seconds)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec();
    if (projection.getAudience() != null && !projection.getAudience().isEmpty()) {
      request.editSpec().withAudiences(projection.getAudience()).endSpec();
    }
    Instant issuedAt = clock.instant();
    TokenRequest issued =
        client
            .serviceAccounts()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(serviceAccount)
            .tokenRequest(request.build());
    return new IssuedToken(
        issued.getStatus().getToken(),
        issuedAt,
        expiry(issued.getStatus().getExpirationTimestamp(), issuedAt.plusSeconds(seconds)));
  }

  /** The API server may shorten a token's life (--service-account-max-token-expiration). */
  private static Instant expiry(String timestamp, Instant requested) {
    try {
      return timestamp == null ? requested : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return requested;
    }
  }
}
