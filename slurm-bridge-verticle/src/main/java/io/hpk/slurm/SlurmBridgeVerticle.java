package io.hpk.slurm;

import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only part of HPK that talks to Slurm. Today it reads what the cluster offers; pod jobs come
 * next. Answers on the event bus from a cached snapshot, refreshed on a timer, so a burst of
 * questions costs no extra Slurm calls.
 */
public class SlurmBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SlurmBridgeVerticle.class);

  private final HpkConfig.SlurmConfig config;
  private WorkerPool workers;
  private SlurmClusterProbe probe;
  private SlurmClusterInfo current = new SlurmClusterInfo(0, 0, 0, "", "", false);
  private MessageConsumer<JsonObject> infoConsumer;
  private long refreshTimer;

  public SlurmBridgeVerticle(HpkConfig.SlurmConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    workers = new WorkerPool(vertx, "hpk-slurm", 4);
    probe = new SlurmClusterProbe();
    infoConsumer =
        vertx.eventBus().consumer(Addresses.SLURM_CLUSTER_INFO, msg -> msg.reply(current.toJson()));
    refreshTimer =
        vertx.setPeriodic(config.infoRefreshInterval().toMillis(), tick -> refreshClusterInfo());
    return infoConsumer.completion().compose(registered -> refreshClusterInfo());
  }

  private Future<Void> refreshClusterInfo() {
    return workers
        .run(probe::read)
        .map(
            info -> {
              if (!info.equals(current)) {
                LOG.info("Slurm cluster: {}", info.toJson().encode());
              }
              current = info;
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(refreshTimer);
    return infoConsumer.unregister().eventually(() -> vertx.executeBlocking(this::closeWorkers));
  }

  private Void closeWorkers() {
    workers.close();
    return null;
  }
}
