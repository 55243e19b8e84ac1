package io.hpk.kubelet.model;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.math.BigDecimal;
import java.util.List;

/**
 * The kubelet's {@code /metrics/resource} in Prometheus text format 0.0.4: the series
 * metrics-server reads, with the kubelet's names, help texts and labels, each sample stamped with
 * the sample time.
 */
public final class ResourceMetricsText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private ResourceMetricsText() {}

  public static String render(UsageSnapshot snapshot) {
    List<PodUsage> pods = MeasuredUsage.pods(snapshot);
    String ts = " " + snapshot.timestampMillis();
    StringBuilder out = new StringBuilder();
    header(
        out,
        "container_cpu_usage_seconds_total",
        "[STABLE] Cumulative cpu time consumed by the container in core-seconds",
        "counter");
    forEachContainer(
        pods,
        (pod, c) ->
            sample(
                out,
                "container_cpu_usage_seconds_total",
                labels(pod, c),
                seconds(c.cpuUsageNanoSeconds()),
                ts));
    header(
        out,
        "container_memory_working_set_bytes",
        "[STABLE] Current working set of the container in bytes",
        "gauge");
    forEachContainer(
        pods,
        (pod, c) ->
            sample(
                out,
                "container_memory_working_set_bytes",
                labels(pod, c),
                Long.toString(c.memoryWorkingSetBytes()),
                ts));
    header(
        out,
        "container_start_time_seconds",
        "[STABLE] Start time of the container since unix epoch in seconds",
        "gauge");
    forEachContainer(
        pods,
        (pod, c) ->
            sample(
                out,
                "container_start_time_seconds",
                labels(pod, c),
                seconds(c.startTimeMillis() * 1_000_000),
                ts));
    header(
        out,
        "node_cpu_usage_seconds_total",
        "[STABLE] Cumulative cpu time consumed by the node in core-seconds",
        "counter");
    sample(
        out,
        "node_cpu_usage_seconds_total",
        "",
        seconds(snapshot.node().cpuUsageNanoSeconds()),
        ts);
    header(
        out,
        "node_memory_working_set_bytes",
        "[STABLE] Current working set of the node in bytes",
        "gauge");
    sample(
        out,
        "node_memory_working_set_bytes",
        "",
        Long.toString(snapshot.node().memoryWorkingSetBytes()),
        ts);
    header(
        out,
        "pod_cpu_usage_seconds_total",
        "[STABLE] Cumulative cpu time consumed by the pod in core-seconds",
        "counter");
    pods.forEach(
        p ->
            sample(
                out,
                "pod_cpu_usage_seconds_total",
                labels(p),
                seconds(MeasuredUsage.podCpuNanoSeconds(p)),
                ts));
    header(
        out,
        "pod_memory_working_set_bytes",
        "[STABLE] Current working set of the pod in bytes",
        "gauge");
    pods.forEach(
        p ->
            sample(
                out,
                "pod_memory_working_set_bytes",
                labels(p),
                Long.toString(MeasuredUsage.podWorkingSetBytes(p)),
                ts));
    header(
        out,
        "scrape_error",
        "[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise",
        "gauge");
    sample(out, "scrape_error", "", "0", "");
    return out.toString();
  }

  /**
   * What a scrape gets when the bridge did not answer: only the error flag, so nothing is stale.
   */
  public static String scrapeError() {
    StringBuilder out = new StringBuilder();
    header(
        out,
        "scrape_error",
        "[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise",
        "gauge");
    sample(out, "scrape_error", "", "1", "");
    return out.toString();
  }

  private interface ContainerSample {
    void add(PodUsage pod, ContainerUsage container);
  }

  private static void forEachContainer(List<PodUsage> pods, ContainerSample sample) {
    pods.forEach(p -> p.containers().forEach(c -> sample.add(p, c)));
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String name, String labels, String value, String ts) {
    out.append(name).append(labels).append(' ').append(value).append(ts).append('\n');
  }

  private static String labels(PodUsage pod, ContainerUsage c) {
    return "{container=\""
        + escape(c.name())
        + "\",namespace=\""
        + escape(pod.pod().namespace())
        + "\",pod=\""
        + escape(pod.pod().name())
        + "\"}";
  }

  private static String labels(PodUsage pod) {
    return "{namespace=\""
        + escape(pod.pod().namespace())
        + "\",pod=\""
        + escape(pod.pod().name())
        + "\"}";
  }

  /** Label values escape backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Nanoseconds as decimal seconds, without exponent or trailing zeros. */
  static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }
}
