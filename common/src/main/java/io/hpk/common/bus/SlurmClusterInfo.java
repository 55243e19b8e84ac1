package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * What the Slurm cluster offers, as the kubelet reports it in the Node's capacity and nodeInfo.
 *
 * @param cpus total CPUs of all nodes that accept jobs
 * @param memoryMegabytes total memory of those nodes
 * @param gpus total GPUs from gres
 * @param slurmVersion the version sinfo reports, e.g. "22.05.8"
 * @param apptainerVersion the version apptainer reports, or "" when it is not installed
 * @param responding whether Slurm answered the last query
 */
public record SlurmClusterInfo(
    long cpus,
    long memoryMegabytes,
    long gpus,
    String slurmVersion,
    String apptainerVersion,
    boolean responding) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("cpus", cpus)
        .put("memoryMegabytes", memoryMegabytes)
        .put("gpus", gpus)
        .put("slurmVersion", slurmVersion)
        .put("apptainerVersion", apptainerVersion)
        .put("responding", responding);
  }

  public static SlurmClusterInfo fromJson(JsonObject json) {
    return new SlurmClusterInfo(
        json.getLong("cpus", 0L),
        json.getLong("memoryMegabytes", 0L),
        json.getLong("gpus", 0L),
        json.getString("slurmVersion", ""),
        json.getString("apptainerVersion", ""),
        json.getBoolean("responding", false));
  }
}
