package io.hpk.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig;
import io.hpk.kubelet.logs.ContainerLogRoutes;
import io.hpk.kubelet.model.NodeIdentity;
import io.hpk.kubelet.node.NodeHeartbeat;
import io.hpk.kubelet.pods.PodController;
import io.hpk.kubelet.server.KubeletRoutes;
import io.hpk.kubelet.server.KubeletServer;
import io.hpk.kubelet.server.NodeRoutes;
import io.hpk.kubelet.server.ServingCertificateRequest;
import io.hpk.kubelet.status.PodPhaseGauges;
import io.hpk.kubelet.status.StatusCollector;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual kubelet: one Node for the whole Slurm cluster, kept alive by a Lease. The node's
 * capacity and readiness come from the Slurm bridge over the event bus.
 */
public class KubeletVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletVerticle.class);
  private static final long SLURM_REPLY_TIMEOUT_MS = 5_000;

  private final KubernetesClient client;
  private final HpkConfig config;
  private final MeterRegistry meters;
  private WorkerPool workers;
  private NodeHeartbeat heartbeat;
  private long heartbeatTimer;
  private boolean beating;
  private PodController pods;
  private Optional<KubeletServer> server = Optional.empty();
  private StatusCollector status;
  private PodPhaseGauges phaseGauges;

  /**
   * Threads for blocking API-server calls. A burst of pods resolves (TokenRequest) this many at
   * once, less what the status writes and events hold at most (their own limits keep most threads
   * free).
   */
  private static final int API_THREADS = 16;

  public KubeletVerticle(KubernetesClient client, HpkConfig config, MeterRegistry meters) {
    this.client = client;
    this.config = config;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    workers = new WorkerPool(vertx, "hpk-kube-api", API_THREADS);
    NodeIdentity identity = NodeIdentity.from(config);
    heartbeat =
        new NodeHeartbeat(
            client,
            workers,
            identity,
            config.node().leaseDuration(),
            config.node().statusUpdateInterval(),
            Clock.systemUTC());
    LOG.info(
        "[node {}] kubelet endpoint {}:{}",
        identity.name(),
        identity.address(),
        identity.kubeletPort());
    pods =
        new PodController(
            vertx,
            context,
            client,
            workers,
            identity.name(),
            identity.address(),
            config.tokens().refreshPercent(),
            config.statusPatches(),
            meters);
    status = new StatusCollector(vertx, identity.name(), pods::pods);
    phaseGauges = PodPhaseGauges.register(meters, pods::pods);
    return beat()
        .compose(registered -> pods.start())
        .compose(podsStarted -> status.start())
        .compose(podsStarted -> startServer(identity))
        .onSuccess(
            registered ->
                heartbeatTimer =
                    vertx.setPeriodic(
                        config.node().leaseRenewInterval().toMillis(), tick -> beatUnlessBusy()));
  }

  /** The kubelet API; each group of endpoints is one entry in the list. */
  private Future<Void> startServer(NodeIdentity identity) {
    String nodeName = identity.name();
    List<KubeletRoutes> routes =
        List.of(
            new NodeRoutes(pods, client, workers),
            new ContainerLogRoutes(vertx, workers, pods, config.slurm().workDir()),
            new io.hpk.kubelet.stats.StatsRoutes(vertx, nodeName),
            new io.hpk.kubelet.streaming.StreamingRoutes(vertx, pods, config.slurm().workDir()));
    return workers
        .run(
            () ->
                new ServingCertificateRequest(client)
                    .ensure(config.kubelet(), nodeName, identity.address()))
        .compose(
            serverConfig ->
                KubeletServer.start(
                    vertx,
                    client,
                    workers,
                    serverConfig,
                    nodeName,
                    config.tokens().reviewsPerSecond(),
                    routes))
        .map(
            started -> {
              server = started;
              return null;
            });
  }

  private void beatUnlessBusy() {
    if (beating) {
      return;
    }
    beat()
        .onFailure(
            e -> LOG.warn("[node {}] heartbeat failed: {}", config.node().name(), e.toString()));
  }

  private Future<Void> beat() {
    beating = true;
    return askSlurm()
        .compose(heartbeat::beat)
        .eventually(
            () -> {
              beating = false;
              return Future.succeededFuture();
            });
  }

  /** What Slurm offers; when the bridge does not answer, a not-responding snapshot. */
  private Future<SlurmClusterInfo> askSlurm() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SLURM_CLUSTER_INFO,
            new JsonObject(),
            new DeliveryOptions().setSendTimeout(SLURM_REPLY_TIMEOUT_MS))
        .map(reply -> SlurmClusterInfo.fromJson(reply.body()))
        .recover(
            e -> {
              String why = e instanceof ReplyException r ? r.failureType().name() : e.toString();
              LOG.warn("[node {}] Slurm bridge did not answer ({})", config.node().name(), why);
              return Future.succeededFuture(SlurmClusterInfo.silent("", ""));
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    if (status != null) {
      status.stop();
      phaseGauges.remove();
    }
    return server
        .map(KubeletServer::stop)
        .orElse(Future.succeededFuture())
        .eventually(
            () -> {
              if (pods != null) {
                pods.stop();
              }
              return vertx.executeBlocking(
                  () -> {
                    workers.close();
                    return null;
                  });
            });
  }
}
