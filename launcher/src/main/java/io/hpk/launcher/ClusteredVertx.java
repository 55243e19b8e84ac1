package io.hpk.launcher;

import io.hpk.common.config.ConfigException;
import io.hpk.common.config.HpkConfig.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** A Vert.x that joins the other HPK members: Hazelcast membership, event bus over mutual TLS. */
final class ClusteredVertx {

  private ClusteredVertx() {}

  static Future<Vertx> start(ClusterConfig cluster, HpkMeters meters) {
    ClusterSecurity security;
    try {
      security = ClusterSecurity.of(cluster);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    return meters
        .vertx(new VertxOptions().setEventBusOptions(security.eventBusOptions(cluster.host())))
        .withClusterManager(ClusterManagers.hazelcast(cluster, security.clusterName()))
        .buildClustered();
  }
}
