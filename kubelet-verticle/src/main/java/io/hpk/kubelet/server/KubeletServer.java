package io.hpk.kubelet.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.ConfigKey;
import io.hpk.common.config.HpkConfig.KubeletServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet HTTPS API: TLS with the configured serving certificate, every request through {@link
 * KubeletAuthHandler}, then the mounted {@link KubeletRoutes}.
 */
public final class KubeletServer {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

  private final HttpServer server;

  private KubeletServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the API when a serving certificate is configured; without one the API is off and the
   * future holds empty.
   */
  public static Future<Optional<KubeletServer>> start(
      Vertx vertx,
      KubernetesClient client,
      WorkerPool workers,
      KubeletServerConfig config,
      String nodeName,
      int tokenReviewsPerSecond,
      List<KubeletRoutes> routes) {
    if (!config.apiEnabled()) {
      LOG.warn(
          "[node {}] kubelet API is off: set {} and {} to serve kubectl logs/exec/port-forward",
          nodeName,
          ConfigKey.KUBELET_TLS_CERT_FILE.key(),
          ConfigKey.KUBELET_TLS_KEY_FILE.key());
      return Future.succeededFuture(Optional.empty());
    }
    return workers
        .run(() -> Security.read(config))
        .compose(
            security -> {
              KubeletAuthHandler auth =
                  new KubeletAuthHandler(
                      security.certificates(),
                      new TokenAuthenticator(client, workers, tokenReviewsPerSecond),
                      new SubjectAccessAuthorizer(client, workers, nodeName));
              return listen(vertx, config, security.options(), auth, routes);
            })
        .map(Optional::of);
  }

  /** Starts a server with the given TLS options and auth handler (tests use their own). */
  static Future<KubeletServer> listen(
      Vertx vertx,
      KubeletServerConfig config,
      HttpServerOptions options,
      Handler<RoutingContext> auth,
      List<KubeletRoutes> routes) {
    Router router = Router.router(vertx);
    router.route().handler(auth);
    routes.forEach(r -> r.mount(router));
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen(config.port(), config.bindAddress())
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "kubelet API cannot listen on "
                            + config.bindAddress()
                            + ":"
                            + config.port()
                            + " ("
                            + e.getMessage()
                            + "); is another HPK or a kubelet running there? Change "
                            + ConfigKey.KUBELET_PORT.key()
                            + " or "
                            + ConfigKey.KUBELET_BIND_ADDRESS.key(),
                        e)))
        .map(
            listening -> {
              LOG.info(
                  "kubelet API listening on https://{}:{}",
                  config.bindAddress(),
                  listening.actualPort());
              return new KubeletServer(listening);
            });
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return server.close();
  }

  /** TLS options and the client-certificate authenticator, read from the configured files. */
  private record Security(
      HttpServerOptions options, Optional<ClientCertificateAuthenticator> certificates) {

    static Security read(KubeletServerConfig config) throws IOException {
      HttpServerOptions options =
          new HttpServerOptions()
              .setSsl(true)
              .setKeyCertOptions(
                  new PemKeyCertOptions()
                      .setCertValue(readable(config.tlsCertFile(), ConfigKey.KUBELET_TLS_CERT_FILE))
                      .setKeyValue(readable(config.tlsKeyFile(), ConfigKey.KUBELET_TLS_KEY_FILE)));
      if (config.clientCaFile().isEmpty()) {
        LOG.warn(
            "kubelet API accepts no client certificates ({} is empty): kube-apiserver's calls"
                + " will be refused unless it sends a bearer token",
            ConfigKey.KUBELET_CLIENT_CA_FILE.key());
        return new Security(options, Optional.empty());
      }
      Buffer ca = readable(config.clientCaFile(), ConfigKey.KUBELET_CLIENT_CA_FILE);
      // REQUEST, not REQUIRED: a caller without a certificate may still use a bearer token.
      options
          .setClientAuth(ClientAuth.REQUEST)
          .setTrustOptions(new PemTrustOptions().addCertValue(ca));
      return new Security(
          options,
          Optional.of(ClientCertificateAuthenticator.fromCaFile(Path.of(config.clientCaFile()))));
    }

    private static Buffer readable(String file, ConfigKey key) throws IOException {
      try {
        return Buffer.buffer(Files.readAllBytes(Path.of(file)));
      } catch (IOException e) {
        throw new IOException(
            "cannot read " + file + " (configuration key '" + key.key() + "'): " + e, e);
      }
    }
  }
}
