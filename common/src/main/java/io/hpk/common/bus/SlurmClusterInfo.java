package io.hpk.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the Slurm cluster offers, as the kubelet reports it in the Node's capacity and nodeInfo.
 *
 * @param cpus total CPUs of all nodes that accept jobs
 * @param memoryMegabytes total memory of those nodes
 * @param gpus total GPUs from gres
 * @param slurmVersion the version sinfo reports, e.g. "22.05.8"
 * @param apptainerVersion the version apptainer reports, or "" when it is not installed
 * @param responding whether Slurm answered the last query
 * @param partitions each partition with its free CPUs, in sinfo's order
 */
public record SlurmClusterInfo(
    long cpus,
    long memoryMegabytes,
    long gpus,
    String slurmVersion,
    String apptainerVersion,
    boolean responding,
    List<SlurmPartition> partitions) {

  public SlurmClusterInfo {
    partitions = List.copyOf(partitions);
  }

  /** What is known while Slurm does not answer: the versions at most. */
  public static SlurmClusterInfo silent(String slurmVersion, String apptainerVersion) {
    return new SlurmClusterInfo(0, 0, 0, slurmVersion, apptainerVersion, false, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("cpus", cpus)
        .put("memoryMegabytes", memoryMegabytes)
        .put("gpus", gpus)
        .put("slurmVersion", slurmVersion)
        .put("apptainerVersion", apptainerVersion)
        .put("responding", responding)
        .put("partitions", new JsonArray(partitions.stream().map(SlurmPartition::toJson).toList()));
  }

  public static SlurmClusterInfo fromJson(JsonObject json) {
    return new SlurmClusterInfo(
        json.getLong("cpus", 0L),
        json.getLong("memoryMegabytes", 0L),
        json.getLong("gpus", 0L),
        json.getString("slurmVersion", ""),
        json.getString("apptainerVersion", ""),
        json.getBoolean("responding", false),
        json.getJsonArray("partitions", new JsonArray()).stream()
            .map(o -> SlurmPartition.fromJson((JsonObject) o))
            .toList());
  }
}
