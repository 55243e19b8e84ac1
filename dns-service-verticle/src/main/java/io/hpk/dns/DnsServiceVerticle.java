package io.hpk.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig;
import io.hpk.dns.model.CorednsUpstream;
import io.hpk.dns.model.HeadlessServiceMutation;
import io.hpk.dns.webhook.ServiceWebhook;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services and DNS for an HPK cluster: the webhook that makes Services headless, the report (or
 * recreation) of ClusterIP Services made before it, kube-system/kube-dns pointing at CoreDNS, and
 * CoreDNS's upstream forwarding kept in line with dns.upstream.
 */
public class DnsServiceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServiceVerticle.class);

  private final KubernetesClient client;
  private final HpkConfig.DnsConfig config;
  private final UpstreamWatch upstreamWatch;
  private WorkerPool workers;
  private ServiceWebhook webhook;

  public DnsServiceVerticle(
      KubernetesClient client, HpkConfig.DnsConfig config, UpstreamWatch upstreamWatch) {
    this.client = client;
    this.config = config;
    this.upstreamWatch = upstreamWatch;
  }

  @Override
  public Future<?> start() {
    workers = new WorkerPool(vertx, "hpk-dns", 2);
    List<Future<?>> steps = new ArrayList<>();
    steps.add(startWebhook());
    if (!config.server().isEmpty()) {
      steps.add(
          workers
              .run(
                  () -> {
                    ClusterDns.ensure(client, config.server());
                    return null;
                  })
              .onSuccess(
                  done -> LOG.info("kube-system/kube-dns points at CoreDNS {}", config.server())));
    }
    if (!config.corednsUpstreamFile().isEmpty()) {
      steps.add(writeUpstream(config.upstream()));
      upstreamWatch.start(vertx, this::writeUpstream);
    }
    return Future.all(steps);
  }

  private Future<Void> startWebhook() {
    if (config.webhookCertFile().isEmpty()) {
      LOG.warn("dns.webhook-cert-file not set: Services are not made headless");
      return Future.succeededFuture();
    }
    webhook = new ServiceWebhook(vertx, config);
    return webhook
        .listen()
        .compose(server -> workers.run(this::register))
        .onSuccess(
            done ->
                LOG.info(
                    "Services are made headless by webhook {} on port {}",
                    ServiceWebhook.NAME,
                    config.webhookPort()))
        .compose(done -> workers.run(this::handleExistingClusterIpServices));
  }

  private Void register() throws java.io.IOException {
    byte[] ca = Files.readAllBytes(Path.of(config.webhookCaFile()));
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(webhook.registration(ca))
        .fieldManager("hpk-dns")
        .forceConflicts()
        .serverSideApply();
    return null;
  }

  /** Services created while no webhook ran: reported, or recreated headless when configured. */
  private Void handleExistingClusterIpServices() {
    for (Service service : client.services().inAnyNamespace().list().getItems()) {
      JsonObject json = new JsonObject(Serialization.asJson(service));
      if (HeadlessServiceMutation.patchFor(json).isEmpty()) {
        continue;
      }
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      if (config.recreateClusterIpServices()) {
        LOG.info("[service {}] recreating as headless", key);
        client.services().resource(service).delete();
        client.services().resource(headlessCopy(service)).create();
      } else {
        LOG.warn(
            "[service {}] has a cluster IP that nothing routes here; recreate it, or set"
                + " dns.recreate-cluster-ip-services",
            key);
        client
            .v1()
            .events()
            .inNamespace(service.getMetadata().getNamespace())
            .resource(ServiceEvents.clusterIpWarning(service))
            .create();
      }
    }
    return null;
  }

  private static Service headlessCopy(Service service) {
    return new ServiceBuilder(service)
        .editMetadata()
        .withResourceVersion(null)
        .withUid(null)
        .withCreationTimestamp(null)
        .withManagedFields()
        .endMetadata()
        .editSpec()
        .withClusterIP(null)
        .withClusterIPs()
        .endSpec()
        .withStatus(null)
        .build();
  }

  private Future<Void> writeUpstream(List<String> servers) {
    return workers.run(
        () -> {
          String snippet = CorednsUpstream.snippet(servers);
          Path file = Path.of(config.corednsUpstreamFile());
          if (Files.exists(file) && Files.readString(file).equals(snippet)) {
            return null;
          }
          Path tmp = file.resolveSibling("." + file.getFileName() + ".hpk.tmp");
          Files.writeString(tmp, snippet);
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          LOG.info("CoreDNS upstream set to {}", servers.isEmpty() ? "(none)" : servers);
          return null;
        });
  }

  @Override
  public Future<?> stop() {
    upstreamWatch.stop();
    Future<Void> closed = webhook == null ? Future.succeededFuture() : webhook.close();
    return closed.eventually(
        () ->
            vertx.executeBlocking(
                () -> {
                  workers.close();
                  return null;
                }));
  }
}
