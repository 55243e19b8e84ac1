package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.SlurmJobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

  /** ContainersReady (and the Ready of a pod without readiness gates). */
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

  /**
   * Ready: ContainersReady's status, reason and message while that is not True; then False with
   * ReadinessGatesNotReady while a condition the pod's readiness gates name is missing or not True
   * in {@code conditions} (set by others, e.g. a load balancer's controller), as a kubelet's
   * GeneratePodReadyCondition words it.
   */
  static PodCondition ready(
      PodCondition containersReady,
      List<PodReadinessGate> gates,
      List<PodCondition> conditions,
      String time) {
    if (!"True".equals(containersReady.getStatus())) {
      return new PodConditionBuilder(containersReady).withType("Ready").build();
    }
    List<String> unready = new ArrayList<>();
    for (PodReadinessGate gate : gates) {
      PodCondition c =
          conditions.stream()
              .filter(existing -> gate.getConditionType().equals(existing.getType()))
              .findFirst()
              .orElse(null);
      if (c == null) {
        unready.add(
            "corresponding condition of pod readiness gate \""
                + gate.getConditionType()
                + "\" does not exist.");
      } else if (!"True".equals(c.getStatus())) {
        unready.add(
            "the status of pod readiness gate \""
                + gate.getConditionType()
                + "\" is not \"True\", but "
                + c.getStatus());
      }
    }
    if (unready.isEmpty()) {
      return condition("Ready", true, "", "", time);
    }
    return condition("Ready", false, "ReadinessGatesNotReady", String.join(", ", unready), time);
  }

  /** The conditions HPK writes; any other type on the pod is someone else's and is kept. */
  static final Set<String> OWN =
      Set.of(
          "PodReadyToStartContainers",
          "Initialized",
          "Ready",
          "ContainersReady",
          "PodScheduled",
          "slurm.hpk.io/JobStarted");

  /** HPK's own condition: whether the pod's Slurm job has left the queue. */
  static final String JOB_STARTED = "slurm.hpk.io/JobStarted";

  /**
   * False with Slurm's reason while the job waits (what squeue's REASON column says), True once it
   * started; False with JobEnded for a job that ended before anything in it ran.
   */
  static PodCondition jobStarted(PodJobReport report, String time) {
    SlurmJobState state = report.jobState();
    if (state == SlurmJobState.PENDING) {
      String reason = report.reason().isEmpty() ? "Queued" : leadingWord(report.reason());
      String message =
          report.message().isEmpty()
              ? "Slurm job " + report.jobId() + " is pending"
              : report.message();
      return condition(JOB_STARTED, false, reason, message, time);
    }
    if (state.active() || !report.containers().isEmpty()) {
      return condition(JOB_STARTED, true, "", "Slurm job " + report.jobId() + " started", time);
    }
    return condition(
        JOB_STARTED,
        false,
        "JobEnded",
        "Slurm job " + report.jobId() + " ended (" + state + ") before it started",
        time);
  }

  /** "ReqNodeNotAvail, UnavailableNodes:c1" becomes ReqNodeNotAvail: reasons are one word. */
  private static String leadingWord(String reason) {
    int end = 0;
    while (end < reason.length() && Character.isLetterOrDigit(reason.charAt(end))) {
      end++;
    }
    return end == 0 ? "Queued" : reason.substring(0, end);
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
