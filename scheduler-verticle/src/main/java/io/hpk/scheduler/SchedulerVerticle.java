package io.hpk.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.config.HpkConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pass-through scheduler: Slurm does the real scheduling, so every pod goes to the HPK node. */
public class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private final KubernetesClient client;
  private final HpkConfig.SchedulerConfig config;
  private final String nodeName;

  public SchedulerVerticle(
      KubernetesClient client, HpkConfig.SchedulerConfig config, String nodeName) {
    this.client = client;
    this.config = config;
    this.nodeName = nodeName;
  }

  @Override
  public Future<?> start() {
    LOG.info(
        "scheduler for {} → node {} (binding arrives with the pod lifecycle; API {})",
        config.schedulerNames(),
        nodeName,
        client.getMasterUrl());
    return Future.succeededFuture();
  }
}
