package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * One Slurm partition as sinfo shows it, for the Node's description.
 *
 * @param name the partition's name
 * @param up whether the partition accepts jobs (sinfo's AVAIL)
 * @param idleCpus CPUs of its usable nodes that no job holds
 * @param cpus CPUs of its usable nodes
 * @param gpus GPUs of its usable nodes (from gres)
 * @param usableNodes nodes that can run jobs
 * @param nodes all its nodes
 */
public record SlurmPartition(
    String name, boolean up, long idleCpus, long cpus, long gpus, int usableNodes, int nodes) {

  /** "batch: 6 of 8 CPUs idle, 0 GPUs, 3 of 3 nodes usable" (", down" when it takes no jobs). */
  public String describe() {
    return name
        + ": "
        + idleCpus
        + " of "
        + cpus
        + " CPUs idle, "
        + gpus
        + " GPUs, "
        + usableNodes
        + " of "
        + nodes
        + " nodes usable"
        + (up ? "" : ", down");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("up", up)
        .put("idleCpus", idleCpus)
        .put("cpus", cpus)
        .put("gpus", gpus)
        .put("usableNodes", usableNodes)
        .put("nodes", nodes);
  }

  public static SlurmPartition fromJson(JsonObject json) {
    return new SlurmPartition(
        json.getString("name", ""),
        json.getBoolean("up", false),
        json.getLong("idleCpus", 0L),
        json.getLong("cpus", 0L),
        json.getLong("gpus", 0L),
        json.getInteger("usableNodes", 0),
        json.getInteger("nodes", 0));
  }
}
