package io.hpk.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.config.HpkConfig;
import io.hpk.dns.DnsServiceVerticle;
import io.hpk.dns.UpstreamWatch;
import io.hpk.kubelet.KubeletVerticle;
import io.hpk.scheduler.SchedulerVerticle;
import io.hpk.slurm.SlurmBridgeVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HPK JVM: reads the configuration, starts Vert.x (clustered or not), builds the shared
 * Kubernetes client and deploys the chosen roles in order; stops them in reverse order and closes
 * the client, then Vert.x, last.
 */
final class HpkApplication {

  private static final Logger LOG = LoggerFactory.getLogger(HpkApplication.class);

  private final LaunchOptions options;
  private final Deque<String> deployments = new ArrayDeque<>();
  private Vertx vertx;
  private KubernetesClient client;
  private final HpkMeters meters = new HpkMeters();

  HpkApplication(LaunchOptions options) {
    this.options = options;
  }

  Future<Void> start() {
    Vertx bootstrap = Vertx.vertx();
    return ConfigSources.load(bootstrap, options.configFile())
        .map(HpkConfig::parse)
        .eventually(bootstrap::close)
        .compose(this::startWith);
  }

  private Future<Void> startWith(HpkConfig config) {
    LogLevels.apply(config.logLevel());
    LOG.info(
        "starting roles {} ({}) with configuration {}",
        options.roles().stream().sorted().map(Role::label).collect(Collectors.joining(",")),
        options.clustered() ? "clustered event bus" : "local event bus",
        config.describe());
    return createVertx(config)
        .compose(
            started -> {
              vertx = started;
              if (options.roles().stream().anyMatch(Role::needsKubernetes)) {
                client = KubernetesClients.create(vertx, config.kubernetes());
              }
              return deployRoles(config).compose(rolesUp -> deployStatusServer(config));
            });
  }

  private Future<Vertx> createVertx(HpkConfig config) {
    return options.clustered()
        ? ClusteredVertx.start(config.cluster(), meters)
        : Future.succeededFuture(meters.vertx(new VertxOptions()).build());
  }

  /** Last, so it stops first: the page's answers come from the roles. */
  private Future<Void> deployStatusServer(HpkConfig config) {
    return config.ui().enabled()
        ? deploy("status page", new StatusServer(config.ui(), meters.registry()))
        : Future.succeededFuture();
  }

  private Future<Void> deployRoles(HpkConfig config) {
    Future<Void> chain = Future.succeededFuture();
    for (Role role : Role.values()) {
      if (options.roles().contains(role)) {
        chain = chain.compose(done -> deploy("role " + role.label(), verticleFor(role, config)));
      }
    }
    return chain;
  }

  private Future<Void> deploy(String what, Deployable verticle) {
    return vertx
        .deployVerticle(verticle)
        .onSuccess(id -> LOG.info("{} started", what))
        .map(
            id -> {
              deployments.push(id);
              return null;
            });
  }

  private Deployable verticleFor(Role role, HpkConfig config) {
    return switch (role) {
      case SLURM -> new SlurmBridgeVerticle(config.slurm(), config.dns(), meters.registry());
      case SCHEDULER -> new SchedulerVerticle(client, config.scheduler(), config.node().name());
      case DNS ->
          new DnsServiceVerticle(client, config.dns(), new UpstreamWatch(options.configFile()));
      case KUBELET -> new KubeletVerticle(client, config, meters.registry());
    };
  }

  /** Undeploys in reverse order, then closes the client, then Vert.x. Safe to call twice. */
  Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx closing = vertx;
    vertx = null;
    Future<Void> chain = Future.succeededFuture();
    while (!deployments.isEmpty()) {
      String id = deployments.pop();
      chain = chain.compose(done -> closing.undeploy(id));
    }
    return chain
        .eventually(() -> closing.executeBlocking(this::closeClient))
        .eventually(closing::close)
        .eventually(
            () -> {
              meters.close();
              return Future.succeededFuture();
            })
        .onComplete(done -> LOG.info("stopped"));
  }

  private Void closeClient() {
    if (client != null) {
      client.close();
    }
    return null;
  }
}
