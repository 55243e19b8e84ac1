package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpk.common.config.ConfigException;
import io.hpk.common.config.HpkConfig.ClusterConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --cluster} demands before it joins, and what it derives from it. */
class ClusterSecurityTest {

  @TempDir Path dir;
  private Path cert;
  private Path key;
  private Path ca;

  @BeforeEach
  void pemFiles() throws IOException {
    cert = Files.writeString(dir.resolve("member.crt"), "not parsed before Vert.x loads it");
    key = Files.writeString(dir.resolve("member.key"), "not parsed before Vert.x loads it");
    ca = Files.writeString(dir.resolve("ca.crt"), "not parsed before Vert.x loads it");
  }

  /** Each missing file is named by its key, with the opt-out. */
  @Test
  void clusterWithoutCertificateOrSecretIsRefusedNamingTheKey() throws IOException {
    Path secret = secret("a", "0123456789abcdef0123", "rw-------");
    assertThatThrownBy(() -> ClusterSecurity.of(config("", key, ca, secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.tls-cert-file'")
        .hasMessageContaining("cluster.insecure=true");
    assertThatThrownBy(() -> ClusterSecurity.of(config(cert.toString(), key, ca, null)))
        .hasMessageContaining("'cluster.secret-file'");
    assertThatThrownBy(() -> ClusterSecurity.of(config(cert.toString(), key, dir, secret)))
        .hasMessageContaining("'cluster.ca-file'");
  }

  /** A missing file is refused at start, not when the first peer connects. */
  @Test
  void missingFileIsRefusedNamingTheKey() throws IOException {
    Path secret = secret("a", "0123456789abcdef0123", "rw-------");
    assertThatThrownBy(
            () -> ClusterSecurity.of(config(cert.toString(), dir.resolve("gone.key"), ca, secret)))
        .hasMessageContaining("gone.key")
        .hasMessageContaining("'cluster.tls-key-file'");
  }

  /** A secret the group or others can read is no secret. */
  @Test
  void secretOpenToOthersIsRefused() throws IOException {
    Path secret = secret("a", "0123456789abcdef0123", "rw-r-----");
    assertThatThrownBy(() -> ClusterSecurity.of(config(cert.toString(), key, ca, secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.secret-file")
        .hasMessageContaining("rw-r-----")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void shortSecretIsRefused() throws IOException {
    Path secret = secret("a", "hunter2", "rw-------");
    assertThatThrownBy(() -> ClusterSecurity.of(config(cert.toString(), key, ca, secret)))
        .hasMessageContaining("fewer than 16 characters");
  }

  /** The name is a function of the secret alone and does not reveal it. */
  @Test
  void clusterNameComesFromTheSecret() throws IOException {
    String value = "0123456789abcdef0123";
    String name = securityWith(secret("a", value, "rw-------")).clusterName();

    assertThat(name).matches("hpk-[0-9a-f]{32}").doesNotContain(value);
    assertThat(securityWith(secret("same", value + "\n", "r--------")).clusterName())
        .isEqualTo(name);
    assertThat(securityWith(secret("b", value + "x", "rw-------")).clusterName())
        .isNotEqualTo(name);
  }

  /** Both ends of every event-bus connection show a certificate and check the other's. */
  @Test
  void eventBusIsMutualTlsAgainstTheClusterCa() throws IOException {
    EventBusOptions options =
        securityWith(secret("a", "0123456789abcdef0123", "rw-------")).eventBusOptions("127.0.0.1");

    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void insecureClusterNeedsNoFilesAndIsPlain() {
    ClusterConfig insecure =
        new ClusterConfig("", 5701, List.of("127.0.0.1"), "", "", "", "", true);

    ClusterSecurity security = ClusterSecurity.of(insecure);

    assertThat(security.clusterName()).isEqualTo("hpk");
    assertThat(security.eventBusOptions("").isSsl()).isFalse();
  }

  private ClusterSecurity securityWith(Path secret) {
    return ClusterSecurity.of(config(cert.toString(), key, ca, secret));
  }

  private Path secret(String name, String value, String permissions) throws IOException {
    Path file = Files.writeString(dir.resolve(name + ".secret"), value);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private static ClusterConfig config(String certFile, Path keyFile, Path caFile, Path secret) {
    return new ClusterConfig(
        "",
        5701,
        List.of("127.0.0.1"),
        certFile,
        keyFile.toString(),
        caFile.toString(),
        secret == null ? "" : secret.toString(),
        false);
  }
}
