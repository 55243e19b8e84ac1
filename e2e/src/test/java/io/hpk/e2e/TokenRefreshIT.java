package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running pod's projected service-account token is replaced before it expires. HPK runs with
 * {@code kubelet.token-refresh-percent=5}, so a 600 s token (the API's minimum) is requested again
 * after 30 s instead of 480 s.
 */
@Timeout(600)
class TokenRefreshIT {

  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private static final String TOKEN = "/var/run/secrets/hpk/token";

  private static LabSession lab;
  private static String ns;

  @BeforeAll
  static void openLab() throws Exception {
    lab = LabSession.open("token-refresh", Map.of("HPK_KUBELET_TOKEN_REFRESH_PERCENT", "5"));
    ns = lab.namespace();
  }

  @AfterAll
  static void closeLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theContainerReadsAFreshValidTokenWhileItRuns() throws Exception {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: tok, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes:
          - name: sa
            projected:
              defaultMode: 384
              sources: [{serviceAccountToken: {path: token, expirationSeconds: 600}}]
          containers:
          - name: main
            image: %2$s
            command: ["sleep", "600"]
            volumeMounts: [{name: sa, mountPath: /var/run/secrets/hpk}]
        """
            .formatted(ns, IMAGE));
    Eventually.await(
        Duration.ofSeconds(240),
        "tok Running",
        () -> "Running".equals(lab.podField("tok", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "tok", "-n", ns).out() + lab.hpk().logTail());
    Path file = lab.podDir("tok").volumesDir().resolve("sa/token");
    String first = readToken();

    // Watched on the shared filesystem, not with an exec (an srun step) every half second.
    Eventually.await(
        Duration.ofSeconds(150),
        "the token file replaced (first token " + claims(first) + ")",
        () -> !first.equals(readQuietly(file)),
        lab.hpk()::logTail);
    String second = readToken();

    assertThat(second).isNotEqualTo(first).isEqualTo(Files.readString(file));
    assertThat(claims(second).getLong("exp")).isGreaterThan(claims(first).getLong("exp"));
    assertThat(review(second)).isEqualTo("true system:serviceaccount:" + ns + ":default");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    // Other users of the shared filesystem cannot reach into the pod's directory.
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.podDir("tok").dir())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(lab.podDir("tok").jobScript()))
        .doesNotContain(first)
        .doesNotContain(second);
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static String readToken() {
    return Kubectl.stdout("exec", "-n", ns, "tok", "-c", "main", "--", "cat", TOKEN).trim();
  }

  /** The payload of a JWT. */
  private static JsonObject claims(String jwt) {
    String[] parts = jwt.split("\\.");
    assertThat(parts).as("a JWT: " + jwt).hasSize(3);
    String payload = parts[1];
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  /** Whether the API server takes the token, and whose it is. */
  private static String review(String token) {
    return Kubectl.create(
        """
        apiVersion: authentication.k8s.io/v1
        kind: TokenReview
        spec: {token: %s}
        """
            .formatted(token),
        "jsonpath={.status.authenticated} {.status.user.username}");
  }
}
