package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * CPU and memory of one running container, sampled where its job runs.
 *
 * @param name the container's name in the pod spec
 * @param startTimeMillis when this run of the container started (epoch ms)
 * @param cpuUsageNanoSeconds CPU time used by this run so far, cumulative
 * @param cpuUsageNanoCores average CPU use since the previous sample, or -1 before there is one
 * @param memoryWorkingSetBytes memory the container cannot give back (proportional set size)
 * @param memoryUsageBytes resident memory, shared pages counted in full
 */
public record ContainerUsage(
    String name,
    long startTimeMillis,
    long cpuUsageNanoSeconds,
    long cpuUsageNanoCores,
    long memoryWorkingSetBytes,
    long memoryUsageBytes) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("startTimeMillis", startTimeMillis)
        .put("cpuUsageNanoSeconds", cpuUsageNanoSeconds)
        .put("cpuUsageNanoCores", cpuUsageNanoCores)
        .put("memoryWorkingSetBytes", memoryWorkingSetBytes)
        .put("memoryUsageBytes", memoryUsageBytes);
  }

  public static ContainerUsage fromJson(JsonObject json) {
    return new ContainerUsage(
        json.getString("name", ""),
        json.getLong("startTimeMillis", 0L),
        json.getLong("cpuUsageNanoSeconds", 0L),
        json.getLong("cpuUsageNanoCores", -1L),
        json.getLong("memoryWorkingSetBytes", 0L),
        json.getLong("memoryUsageBytes", 0L));
  }
}
