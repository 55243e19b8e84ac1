package io.hpk.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.hpk.common.config.HpkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast for the clustered event bus: a fixed TCP/IP member list, never multicast, and a cluster
 * name that only holders of the shared secret know (see {@link ClusterSecurity}).
 */
final class ClusterManagers {

  private ClusterManagers() {}

  static HazelcastClusterManager hazelcast(HpkConfig.ClusterConfig cluster, String clusterName) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // HpkMain stops the verticles first; Hazelcast must not leave the cluster before them.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true);
    if (!cluster.host().isEmpty()) {
      config.getNetworkConfig().setPublicAddress(cluster.host());
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
    }
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(config);
  }
}
