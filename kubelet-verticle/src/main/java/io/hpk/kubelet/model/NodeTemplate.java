package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.bus.SlurmPartition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The virtual node that stands for the whole Slurm cluster: pure, from configuration and Slurm. */
public final class NodeTemplate {

  /** Reported as kubeletVersion: the Kubernetes API level we speak, then this project. */
  public static final String KUBELET_VERSION = "v1.34.0-hpk.0.1.0";

  private final NodeIdentity identity;

  public NodeTemplate(NodeIdentity identity) {
    this.identity = identity;
  }

  /** The Node to create when none exists: labels, and the status it starts with. */
  public Node node(SlurmClusterInfo slurm, Instant now) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(identity.name())
        .withLabels(labels())
        .endMetadata()
        .withStatus(status(slurm, now, now))
        .build();
  }

  /**
   * The node status for what Slurm says now. {@code readySince} is when Ready last changed, so the
   * condition's lastTransitionTime does not move on every heartbeat.
   */
  public NodeStatus status(SlurmClusterInfo slurm, Instant now, Instant readySince) {
    Map<String, Quantity> capacity = capacity(slurm);
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(conditions(slurm, now, readySince))
        .withAddresses(
            new NodeAddress(identity.address(), "InternalIP"),
            new NodeAddress(identity.name(), "Hostname"))
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint(identity.kubeletPort())
        .endDaemonEndpoints()
        .withNewNodeInfo()
        .withKubeletVersion(KUBELET_VERSION)
        .withKubeProxyVersion("")
        .withContainerRuntimeVersion("apptainer://" + orUnknown(slurm.apptainerVersion()))
        .withOsImage("Slurm " + orUnknown(slurm.slurmVersion()))
        .withOperatingSystem("linux")
        .withArchitecture(identity.architecture())
        .withKernelVersion(identity.kernelVersion())
        .withMachineID("")
        .withSystemUUID("")
        .withBootID("")
        .endNodeInfo()
        .build();
  }

  /** The node annotation that shows each Slurm partition in {@code kubectl describe node}. */
  public static final String PARTITIONS_ANNOTATION = "slurm.hpk.io/partitions";

  /** "batch: 6 of 8 CPUs idle, 0 GPUs, 3 of 3 nodes usable; debug: …". */
  public static String partitions(SlurmClusterInfo slurm) {
    return String.join("; ", slurm.partitions().stream().map(SlurmPartition::describe).toList());
  }

  /** Whether two statuses differ in anything but heartbeat times. */
  public static boolean sameApartFromHeartbeat(NodeStatus a, NodeStatus b) {
    return withoutHeartbeats(a).equals(withoutHeartbeats(b));
  }

  private static NodeStatus withoutHeartbeats(NodeStatus status) {
    NodeStatus copy = new NodeStatusBuilder(status).build();
    copy.setConditions(
        status.getConditions().stream()
            .map(c -> new NodeConditionBuilder(c).withLastHeartbeatTime(null).build())
            .toList());
    return copy;
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", identity.name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", identity.architecture());
    labels.put("kubernetes.io/role", "agent");
    labels.put("type", "virtual-kubelet");
    labels.put("hpk.io/slurm", "true");
    return labels;
  }

  private Map<String, Quantity> capacity(SlurmClusterInfo slurm) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Long.toString(slurm.cpus())));
    capacity.put("memory", new Quantity(slurm.memoryMegabytes() + "Mi"));
    capacity.put("pods", new Quantity(Integer.toString(identity.maxPods())));
    if (slurm.gpus() > 0) {
      capacity.put("nvidia.com/gpu", new Quantity(Long.toString(slurm.gpus())));
    }
    return capacity;
  }

  private static List<NodeCondition> conditions(
      SlurmClusterInfo slurm, Instant now, Instant readySince) {
    String heartbeat = timestamp(now);
    String since = timestamp(readySince);
    NodeCondition ready =
        slurm.responding()
            ? condition(
                "Ready", "True", "KubeletReady", "Slurm answers; HPK is posting ready status")
            : condition("Ready", "False", "SlurmNotResponding", "Slurm does not answer sinfo");
    ready.setLastHeartbeatTime(heartbeat);
    ready.setLastTransitionTime(since);
    return List.of(
        ready,
        quiet("MemoryPressure", "KubeletHasSufficientMemory", heartbeat, since),
        quiet("DiskPressure", "KubeletHasNoDiskPressure", heartbeat, since),
        quiet("PIDPressure", "KubeletHasSufficientPID", heartbeat, since));
  }

  private static NodeCondition quiet(String type, String reason, String heartbeat, String since) {
    NodeCondition condition = condition(type, "False", reason, "Slurm manages this resource");
    condition.setLastHeartbeatTime(heartbeat);
    condition.setLastTransitionTime(since);
    return condition;
  }

  private static NodeCondition condition(String type, String status, String reason, String msg) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(msg)
        .build();
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String orUnknown(String version) {
    return version.isEmpty() ? "unknown" : version;
  }
}
