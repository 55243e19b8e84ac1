package io.hpk.dns;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Services and DNS: headless-service webhook and CoreDNS upstreams (not built yet). */
public class DnsServiceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServiceVerticle.class);

  private final KubernetesClient client;

  public DnsServiceVerticle(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Future<?> start() {
    LOG.info(
        "dns role deployed; service rewriting is not built yet (API {})", client.getMasterUrl());
    return Future.succeededFuture();
  }
}
