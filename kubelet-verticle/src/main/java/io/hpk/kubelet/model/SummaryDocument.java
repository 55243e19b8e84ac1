package io.hpk.kubelet.model;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The kubelet Summary API document ({@code /stats/summary}, stats/v1alpha1) of one usage sample:
 * the node's CPU and memory and, for every measured pod, its containers' CPU and memory.
 */
public final class SummaryDocument {

  private SummaryDocument() {}

  public static JsonObject render(String nodeName, UsageSnapshot snapshot) {
    String time = time(snapshot.timestampMillis());
    NodeUsage n = snapshot.node();
    JsonObject node =
        new JsonObject()
            .put("nodeName", nodeName)
            .put("startTime", time(n.startTimeMillis()))
            .put("cpu", cpu(time, n.cpuUsageNanoSeconds(), n.cpuUsageNanoCores()))
            .put(
                "memory",
                new JsonObject()
                    .put("time", time)
                    .put("availableBytes", n.memoryAvailableBytes())
                    .put("usageBytes", n.memoryUsageBytes())
                    .put("workingSetBytes", n.memoryWorkingSetBytes()));
    JsonArray pods = new JsonArray();
    for (PodUsage pod : MeasuredUsage.pods(snapshot)) {
      pods.add(pod(time, pod));
    }
    return new JsonObject().put("node", node).put("pods", pods);
  }

  private static JsonObject pod(String time, PodUsage pod) {
    JsonArray containers = new JsonArray();
    long cores = 0;
    long usage = 0;
    for (ContainerUsage c : pod.containers()) {
      containers.add(
          new JsonObject()
              .put("name", c.name())
              .put("startTime", time(c.startTimeMillis()))
              .put("cpu", cpu(time, c.cpuUsageNanoSeconds(), c.cpuUsageNanoCores()))
              .put("memory", memory(time, c.memoryWorkingSetBytes(), c.memoryUsageBytes())));
      cores = cores < 0 || c.cpuUsageNanoCores() < 0 ? -1 : cores + c.cpuUsageNanoCores();
      usage += c.memoryUsageBytes();
    }
    return new JsonObject()
        .put(
            "podRef",
            new JsonObject()
                .put("name", pod.pod().name())
                .put("namespace", pod.pod().namespace())
                .put("uid", pod.pod().uid()))
        .put("startTime", time(MeasuredUsage.podStartMillis(pod)))
        .put("containers", containers)
        .put("cpu", cpu(time, MeasuredUsage.podCpuNanoSeconds(pod), cores))
        .put("memory", memory(time, MeasuredUsage.podWorkingSetBytes(pod), usage));
  }

  /** usageNanoCores is left out until there are two samples to take it from. */
  private static JsonObject cpu(String time, long nanoSeconds, long nanoCores) {
    JsonObject cpu = new JsonObject().put("time", time);
    if (nanoCores >= 0) {
      cpu.put("usageNanoCores", nanoCores);
    }
    return cpu.put("usageCoreNanoSeconds", nanoSeconds);
  }

  private static JsonObject memory(String time, long workingSet, long usage) {
    return new JsonObject()
        .put("time", time)
        .put("usageBytes", usage)
        .put("workingSetBytes", workingSet)
        .put("rssBytes", usage);
  }

  /** metav1.Time: RFC 3339 in whole seconds, UTC. */
  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
