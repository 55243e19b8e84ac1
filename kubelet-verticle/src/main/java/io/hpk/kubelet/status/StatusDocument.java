package io.hpk.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.hpk.common.bus.SlurmClusterInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the status page shows, as one JSON object: the node's pods with their Slurm jobs, the pods
 * still waiting in Slurm's queue with Slurm's reason, the partitions, an hour of CPU and memory and
 * the recent events. Nothing in it is secret: no env values, commands, tokens or volume contents.
 */
final class StatusDocument {

  static final String JOB_ID_ANNOTATION = "slurm.hpk.io/job-id";
  static final String NODE_ANNOTATION = "slurm.hpk.io/node";
  static final String JOB_STARTED_CONDITION = "slurm.hpk.io/JobStarted";

  private StatusDocument() {}

  static JsonObject render(
      String nodeName,
      long nowMillis,
      List<Pod> pods,
      SlurmClusterInfo slurm,
      UsageHistory usage,
      RecentEvents events) {
    List<Pod> sorted =
        pods.stream()
            .sorted(
                Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                    .thenComparing(p -> p.getMetadata().getName()))
            .toList();
    JsonArray podRows = new JsonArray();
    JsonArray queue = new JsonArray();
    for (Pod pod : sorted) {
      JsonObject row = podRow(pod, usage);
      podRows.add(row);
      if (waitsInQueue(pod)) {
        queue.add(row);
      }
    }
    return new JsonObject()
        .put("node", nodeName)
        .put("now", nowMillis)
        .put("slurm", slurm(slurm))
        .put("pods", podRows)
        .put("queue", queue)
        .put("nodeUsage", usage.node())
        .put("events", events.toJson());
  }

  /** Pending with a job id: submitted, Slurm has not started it yet. */
  static boolean waitsInQueue(Pod pod) {
    return "Pending".equals(phase(pod)) && !jobId(pod).isEmpty();
  }

  private static JsonObject podRow(Pod pod, UsageHistory usage) {
    PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
    List<ContainerStatus> containers =
        Optional.ofNullable(status.getContainerStatuses()).orElse(List.of());
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Optional<PodCondition> started = condition(status, JOB_STARTED_CONDITION);
    return new JsonObject()
        .put("namespace", namespace)
        .put("name", name)
        .put("jobId", jobId(pod))
        .put("node", annotation(pod, NODE_ANNOTATION))
        .put("phase", phase(pod))
        .put("reason", text(status.getReason()))
        .put("message", text(status.getMessage()))
        .put("slurmReason", started.map(c -> text(c.getReason())).orElse(""))
        .put("slurmMessage", started.map(c -> text(c.getMessage())).orElse(""))
        .put("podIP", text(status.getPodIP()))
        .put("ready", containers.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count())
        .put("containers", containers.size())
        .put(
            "restarts",
            containers.stream()
                .mapToInt(c -> Optional.ofNullable(c.getRestartCount()).orElse(0))
                .sum())
        .put("usage", usage.pod(namespace, name));
  }

  private static JsonObject slurm(SlurmClusterInfo info) {
    JsonArray partitions = new JsonArray();
    info.partitions().forEach(p -> partitions.add(p.toJson().put("summary", p.describe())));
    return new JsonObject()
        .put("responding", info.responding())
        .put("version", info.slurmVersion())
        .put("apptainer", info.apptainerVersion())
        .put("cpus", info.cpus())
        .put("memoryMegabytes", info.memoryMegabytes())
        .put("gpus", info.gpus())
        .put("partitions", partitions);
  }

  private static String jobId(Pod pod) {
    return annotation(pod, JOB_ID_ANNOTATION);
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? "" : text(annotations.get(key));
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? "Pending" : text(pod.getStatus().getPhase());
  }

  private static Optional<PodCondition> condition(PodStatus status, String type) {
    return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
