package io.hpk.launcher;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.hpk.common.config.ConfigException;
import io.hpk.common.config.HpkConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the one fabric8 client of this JVM, over the application's own Vert.x. */
final class KubernetesClients {

  private static final int DOCTOR_TIMEOUT_MILLIS = 5000;

  private KubernetesClients() {}

  static KubernetesClient create(Vertx vertx, HpkConfig.KubernetesConfig config) {
    return new KubernetesClientBuilder()
        .withConfig(clientConfig(config))
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .build();
  }

  /**
   * The same client for {@code hpk doctor}, which wants one answer quickly: no retries, short
   * timeouts.
   */
  static KubernetesClient forDoctor(Vertx vertx, HpkConfig.KubernetesConfig config) {
    Config clientConfig = clientConfig(config);
    clientConfig.setRequestRetryBackoffLimit(0);
    clientConfig.setConnectionTimeout(DOCTOR_TIMEOUT_MILLIS);
    clientConfig.setRequestTimeout(DOCTOR_TIMEOUT_MILLIS);
    return new KubernetesClientBuilder()
        .withConfig(clientConfig)
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .build();
  }

  private static Config clientConfig(HpkConfig.KubernetesConfig config) {
    if (config.kubeconfig().isEmpty()) {
      return Config.autoConfigure(null);
    }
    Path path = Path.of(config.kubeconfig());
    if (!Files.isReadable(path)) {
      throw new ConfigException("cannot read kubernetes.kubeconfig '" + path + "'");
    }
    return Config.fromKubeconfig(path.toFile());
  }
}
