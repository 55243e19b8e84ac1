package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * CPU and memory of the machine(s) the pods' jobs run on.
 *
 * @param startTimeMillis when the machine booted (epoch ms)
 * @param cpuUsageNanoSeconds busy CPU time of all cores since boot, cumulative
 * @param cpuUsageNanoCores average CPU use since the previous sample, or -1 before there is one
 * @param memoryWorkingSetBytes memory in use that cannot be reclaimed (total minus available)
 * @param memoryAvailableBytes memory available for new work
 * @param memoryUsageBytes memory in use including caches (total minus free)
 */
public record NodeUsage(
    long startTimeMillis,
    long cpuUsageNanoSeconds,
    long cpuUsageNanoCores,
    long memoryWorkingSetBytes,
    long memoryAvailableBytes,
    long memoryUsageBytes) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("startTimeMillis", startTimeMillis)
        .put("cpuUsageNanoSeconds", cpuUsageNanoSeconds)
        .put("cpuUsageNanoCores", cpuUsageNanoCores)
        .put("memoryWorkingSetBytes", memoryWorkingSetBytes)
        .put("memoryAvailableBytes", memoryAvailableBytes)
        .put("memoryUsageBytes", memoryUsageBytes);
  }

  public static NodeUsage fromJson(JsonObject json) {
    return new NodeUsage(
        json.getLong("startTimeMillis", 0L),
        json.getLong("cpuUsageNanoSeconds", 0L),
        json.getLong("cpuUsageNanoCores", -1L),
        json.getLong("memoryWorkingSetBytes", 0L),
        json.getLong("memoryAvailableBytes", 0L),
        json.getLong("memoryUsageBytes", 0L));
  }
}
