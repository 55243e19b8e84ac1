package io.hpk.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hpk.kubelet.model.IssuedToken;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class ServiceAccountTokensTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  KubernetesClient client;
  KubernetesMockServer server;

  /**
   * Each projected token is requested bound to the pod, and its expiry is the API server's, which
   * may be shorter than the one asked for.
   */
  @Test
  void tokensAreBoundToThePodAndExpireWhenTheApiServerSays() throws Exception {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/ns/serviceaccounts/builder/token")
        .andReturn(
            201,
            new TokenRequestBuilder()
                .withNewStatus()
                .withToken("jwt-1")
                .withExpirationTimestamp("2026-12-03T12:05:00Z")
                .endStatus()
                .build())
        .once();

    Map<String, IssuedToken> issued =
        new ServiceAccountTokens(client, Clock.fixed(NOW, ZoneOffset.UTC))
            .issue(pod(), key -> true);

    assertThat(issued)
        .containsExactly(
            Map.entry(
                "tok/token", new IssuedToken("jwt-1", NOW, Instant.parse("2026-12-03T12:05:00Z"))));
    String request = server.getLastRequest().getBody().readUtf8();
    assertThat(request)
        .contains("\"expirationSeconds\":600")
        .contains("\"kind\":\"Pod\"")
        .contains("\"uid\":\"0123abcd-4567-89ef-0123-456789abcdef\"")
        .contains("\"audiences\":[\"vault\"]");
  }

  /** A refresh asks only for the tokens that are due. */
  @Test
  void tokensNotWantedAreNotRequested() {
    assertThat(new ServiceAccountTokens(client, Clock.systemUTC()).issue(pod(), key -> false))
        .isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("web")
        .withUid("0123abcd-4567-89ef-0123-456789abcdef")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("builder")
        .addNewVolume()
        .withName("tok")
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath("token")
        .withAudience("vault")
        .withExpirationSeconds(600L)
        .endServiceAccountToken()
        .endSource()
        .endProjected()
        .endVolume()
        .endSpec()
        .build();
  }
}
