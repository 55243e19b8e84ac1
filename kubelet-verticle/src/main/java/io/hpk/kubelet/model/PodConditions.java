package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Initialized, ContainersReady and Ready conditions with the reasons and messages a stock
 * kubelet gives them (pkg/kubelet/status/generate.go), which tools and conformance tests compare
 * word for word. Pure.
 */
final class PodConditions {

  private PodConditions() {}

  static PodCondition initialized(
      List<Container> initContainers,
      List<ContainerStatus> init,
      List<ContainerStatus> app,
      String phase,
      String time) {
    List<String> incomplete = new ArrayList<>();
    for (int i = 0; i < init.size(); i++) {
      if (!succeeded(init.get(i))) {
        incomplete.add(initContainers.get(i).getName());
      }
    }
    boolean appStarted = app.stream().anyMatch(PodConditions::startedOnce);
    if (incomplete.isEmpty() || appStarted || "Succeeded".equals(phase)) {
      return condition(
          "Initialized", true, "Succeeded".equals(phase) ? "PodCompleted" : "", "", time);
    }
    return condition(
        "Initialized",
        false,
        "ContainersNotInitialized",
        "containers with incomplete status: " + goList(incomplete),
        time);
  }

  /** ContainersReady; Ready says the same while the pod has no readiness gates of its own. */
  static PodCondition containersReady(
      String type, List<ContainerStatus> app, String phase, boolean running, String time) {
    if ("Succeeded".equals(phase)) {
      return condition(type, false, "PodCompleted", "", time);
    }
    List<String> unready = new ArrayList<>();
    for (ContainerStatus status : app) {
      if (!running || !Boolean.TRUE.equals(status.getReady())) {
        unready.add(status.getName());
      }
    }
    if (unready.isEmpty()) {
      return condition(type, true, "", "", time);
    }
    return condition(
        type,
        false,
        "ContainersNotReady",
        "containers with unready status: " + goList(unready),
        time);
  }

  static boolean succeeded(ContainerStatus s) {
    return s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0;
  }

  private static boolean startedOnce(ContainerStatus s) {
    return s.getState().getRunning() != null
        || s.getState().getTerminated() != null
        || s.getRestartCount() > 0;
  }

  /** How Go's fmt prints a []string, which is what the kubelet's messages contain. */
  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  static PodCondition condition(
      String type, boolean status, String reason, String message, String time) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        // Empty, not absent: a patch that leaves a field out keeps the value it had.
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(time)
        .build();
  }
}
