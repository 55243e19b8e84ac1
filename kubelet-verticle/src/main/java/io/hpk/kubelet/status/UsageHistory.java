package io.hpk.kubelet.status;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's and each pod's CPU (cores) and memory (working set, bytes) over a sliding window, one
 * point per usage sample; older points fall out, so it holds at most one window of samples.
 */
final class UsageHistory {

  private final Duration window;
  private final Deque<Sample> samples = new ArrayDeque<>();

  UsageHistory(Duration window) {
    this.window = window;
  }

  /** Adds a sample unless it is not newer than the last one (the bridge answered from cache). */
  void record(UsageSnapshot snapshot) {
    long time = snapshot.timestampMillis();
    if (!samples.isEmpty() && samples.peekLast().timeMillis() >= time) {
      return;
    }
    Map<String, Point> pods = new LinkedHashMap<>();
    for (PodUsage pod : snapshot.pods()) {
      pods.put(key(pod.pod().namespace(), pod.pod().name()), podPoint(pod));
    }
    Point node =
        new Point(
            cores(snapshot.node().cpuUsageNanoCores()), snapshot.node().memoryWorkingSetBytes());
    samples.addLast(new Sample(time, node, pods));
    while (samples.peekFirst().timeMillis() < time - window.toMillis()) {
      samples.removeFirst();
    }
  }

  int size() {
    return samples.size();
  }

  /** {@code {"t": [ms…], "cpu": [cores…], "mem": [bytes…]}}; CPU is null before a rate exists. */
  JsonObject node() {
    Series series = new Series();
    samples.forEach(s -> series.add(s.timeMillis(), s.node()));
    return series.toJson();
  }

  /** The series of one pod, with the samples in which it was measured. */
  JsonObject pod(String namespace, String name) {
    String key = key(namespace, name);
    Series series = new Series();
    samples.stream()
        .filter(s -> s.pods().containsKey(key))
        .forEach(s -> series.add(s.timeMillis(), s.pods().get(key)));
    return series.toJson();
  }

  private static Point podPoint(PodUsage pod) {
    Double cpu = null;
    long memory = 0;
    for (ContainerUsage container : pod.containers()) {
      Double cores = cores(container.cpuUsageNanoCores());
      if (cores != null) {
        cpu = cpu == null ? cores : cpu + cores;
      }
      memory += container.memoryWorkingSetBytes();
    }
    return new Point(cpu, memory);
  }

  private static Double cores(long nanoCores) {
    return nanoCores < 0 ? null : nanoCores / 1e9;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private record Point(Double cpuCores, long memoryBytes) {}

  private record Sample(long timeMillis, Point node, Map<String, Point> pods) {}

  private static final class Series {
    private final JsonArray times = new JsonArray();
    private final JsonArray cpu = new JsonArray();
    private final JsonArray memory = new JsonArray();

    void add(long timeMillis, Point point) {
      times.add(timeMillis);
      cpu.add(point.cpuCores());
      memory.add(point.memoryBytes());
    }

    JsonObject toJson() {
      return new JsonObject().put("t", times).put("cpu", cpu).put("mem", memory);
    }
  }
}
