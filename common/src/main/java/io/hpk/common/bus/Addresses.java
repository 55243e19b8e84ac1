package io.hpk.common.bus;

/** Event-bus addresses. The verticles talk only through these, so each can run in another JVM. */
public final class Addresses {

  /**
   * Request: {} → reply: {@link io.hpk.common.bus.SlurmClusterInfo} JSON. Answered by the bridge.
   */
  public static final String SLURM_CLUSTER_INFO = "hpk.bridge.cluster.info";

  private Addresses() {}
}
