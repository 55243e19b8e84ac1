package io.hpk.kubelet.streaming;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The running job behind a pod, from the pod's status: the Slurm job id (containerID {@code
 * apptainer://<jobId>/<container>}), the pod IP and the named container.
 */
public record PodTarget(
    String namespace,
    String pod,
    String uid,
    String jobId,
    String podIp,
    String container,
    boolean containerStdin) {

  /**
   * @param container the container name, or null for the pod as a whole (port-forward)
   * @param uid the pod UID the request names, or null
   * @throws StreamingException when the pod or container cannot be reached
   */
  public static PodTarget of(Pod pod, String container, String uid) {
    String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (uid != null && !uid.equals(pod.getMetadata().getUid())) {
      throw new StreamingException(404, "pod " + where + " with UID " + uid + " not found");
    }
    List<ContainerStatus> statuses = new ArrayList<>();
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      statuses.addAll(pod.getStatus().getContainerStatuses());
    }
    if (pod.getStatus() != null && pod.getStatus().getEphemeralContainerStatuses() != null) {
      statuses.addAll(pod.getStatus().getEphemeralContainerStatuses());
    }
    String jobId =
        statuses.stream()
            .map(ContainerStatus::getContainerID)
            .map(PodTarget::jobId)
            .filter(id -> !id.isEmpty())
            .findFirst()
            .orElseThrow(
                () -> new StreamingException(400, "pod " + where + " has no running Slurm job"));
    String podIp = pod.getStatus().getPodIP() == null ? "" : pod.getStatus().getPodIP();
    if (container == null) {
      return new PodTarget(
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          pod.getMetadata().getUid(),
          jobId,
          podIp,
          null,
          false);
    }
    boolean stdin =
        Stream.concat(
                pod.getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(container))
                    .map(c -> Boolean.TRUE.equals(c.getStdin())),
                listOf(pod.getSpec().getEphemeralContainers()).stream()
                    .filter(c -> c.getName().equals(container))
                    .map(c -> Boolean.TRUE.equals(c.getStdin())))
            .findFirst()
            .orElseThrow(
                () ->
                    new StreamingException(
                        404, "container " + container + " not found in pod " + where));
    boolean running =
        statuses.stream()
            .anyMatch(
                s ->
                    s.getName().equals(container)
                        && s.getState() != null
                        && s.getState().getRunning() != null);
    if (!running) {
      throw new StreamingException(
          400, "container " + container + " in pod " + where + " is not running");
    }
    return new PodTarget(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getUid(),
        jobId,
        podIp,
        container,
        stdin);
  }

  private static <T> List<T> listOf(List<T> items) {
    return items == null ? List.of() : items;
  }

  static String jobId(String containerId) {
    String prefix = "apptainer://";
    if (containerId == null || !containerId.startsWith(prefix)) {
      return "";
    }
    String rest = containerId.substring(prefix.length());
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    return id.matches("[0-9]+(_[0-9]+)?") ? id : "";
  }
}
