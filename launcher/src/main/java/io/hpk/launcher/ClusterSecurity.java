package io.hpk.launcher;

import io.hpk.common.config.ConfigException;
import io.hpk.common.config.ConfigKey;
import io.hpk.common.config.HpkConfig.ClusterConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a JVM out of an HPK cluster it does not belong to. Hazelcast (open source, no TLS)
 * carries only membership and which member consumes which address; the messages themselves, pod
 * specs among them, travel over the event bus's own TCP connections. So membership is closed by a
 * cluster name derived from the shared secret, and the event bus by mutual TLS: every member shows
 * a certificate from the cluster CA and accepts only peers that show one.
 */
final class ClusterSecurity {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSecurity.class);
  private static final String INSECURE_CLUSTER_NAME = "hpk";

  private final String clusterName;
  private final Optional<ClusterConfig> tls;

  private ClusterSecurity(String clusterName, Optional<ClusterConfig> tls) {
    this.clusterName = clusterName;
    this.tls = tls;
  }

  /**
   * Checks that the certificate, key, CA and secret are configured and readable, and reads the
   * secret; {@code cluster.insecure=true} skips all of it.
   *
   * @throws ConfigException naming the first key that is missing or points at a bad file
   */
  static ClusterSecurity of(ClusterConfig cluster) {
    if (cluster.insecure()) {
      LOG.warn(
          "{}=true: the clustered event bus is plain TCP and any JVM that reaches {} can join",
          ConfigKey.CLUSTER_INSECURE.key(),
          cluster.members());
      return new ClusterSecurity(INSECURE_CLUSTER_NAME, Optional.empty());
    }
    readable(ConfigKey.CLUSTER_TLS_CERT_FILE, cluster.tlsCertFile());
    readable(ConfigKey.CLUSTER_TLS_KEY_FILE, cluster.tlsKeyFile());
    readable(ConfigKey.CLUSTER_CA_FILE, cluster.caFile());
    ClusterSecret secret =
        ClusterSecret.read(readable(ConfigKey.CLUSTER_SECRET_FILE, cluster.secretFile()));
    return new ClusterSecurity(secret.clusterName(), Optional.of(cluster));
  }

  private static Path readable(ConfigKey key, String file) {
    if (file.isEmpty()) {
      throw new ConfigException(
          "--cluster needs configuration key '"
              + key.key()
              + "' ("
              + key.description()
              + "), or "
              + ConfigKey.CLUSTER_INSECURE.key()
              + "=true for a plain event bus");
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(
          "file '"
              + file
              + "' of configuration key '"
              + key.key()
              + "' is missing, unreadable or not a file");
    }
    return path;
  }

  String clusterName() {
    return clusterName;
  }

  /** The event bus's TCP server and client: TLS both ways, peers vouched for by the cluster CA. */
  EventBusOptions eventBusOptions(String host) {
    EventBusOptions options = new EventBusOptions();
    if (!host.isEmpty()) {
      options.setHost(host).setClusterPublicHost(host);
    }
    tls.ifPresent(
        cluster ->
            options
                .setSsl(true)
                .setKeyCertOptions(
                    new PemKeyCertOptions()
                        .setCertPath(cluster.tlsCertFile())
                        .setKeyPath(cluster.tlsKeyFile()))
                // The event bus trusts any server unless told otherwise (DEFAULT_TRUST_ALL).
                .setTrustAll(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(cluster.caFile()))
                .setClientAuth(ClientAuth.REQUIRED));
    return options;
  }
}
