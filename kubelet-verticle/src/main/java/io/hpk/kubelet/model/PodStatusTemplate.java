package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.ContainerStateFile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PodStatus that the bridge's report of a pod's job and containers amounts to. Pure. */
public final class PodStatusTemplate {

  private PodStatusTemplate() {}

  public static PodStatus status(Pod pod, PodJobReport report, String hostIp, Instant now) {
    Map<String, ContainerStateFile> files = new HashMap<>();
    report.containers().forEach(file -> files.put(file.name(), file));
    if (report.rejected()) {
      return rejected(pod, report, hostIp, now);
    }
    List<ContainerStatus> init =
        statuses(pod.getSpec().getInitContainers(), files, report, "PodInitializing", true);
    boolean initFailed = init.stream().anyMatch(PodStatusTemplate::failed);
    // App containers of a pod whose initialisation failed never ran: they stay waiting, as a
    // kubelet's do, also once the job is gone.
    List<ContainerStatus> app =
        initFailed
            ? initializing(pod.getSpec().getContainers(), report)
            : statuses(pod.getSpec().getContainers(), files, report, waitingReason(init), false);
    String phase = phase(pod.getSpec().getRestartPolicy(), report, init, app);
    boolean running = "Running".equals(phase);
    String time = timestamp(now);
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(
        keepTransition(
            pod, condition("PodReadyToStartContainers", !report.podIp().isEmpty(), time)));
    conditions.add(
        keepTransition(
            pod,
            PodConditions.initialized(
                listOf(pod.getSpec().getInitContainers()), init, app, phase, time)));
    conditions.add(
        keepTransition(pod, PodConditions.containersReady("Ready", app, phase, running, time)));
    conditions.add(
        keepTransition(
            pod, PodConditions.containersReady("ContainersReady", app, phase, running, time)));
    conditions.add(keepTransition(pod, condition("PodScheduled", true, time)));
    conditions.add(keepTransition(pod, PodConditions.jobStarted(report, time)));
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withConditions(conditions)
            .withHostIP(hostIp)
            .withHostIPs(new HostIP(hostIp))
            .withStartTime(startTime(pod, now))
            .withInitContainerStatuses(init)
            .withContainerStatuses(app)
            .withEphemeralContainerStatuses(ephemeral(pod, files, report))
            // Empty, not absent: statuses are merge patches, and an absent field keeps its old
            // value.
            .withMessage(report.message())
            .withReason(pendingReason(report));
    if (!report.podIp().isEmpty()) {
      status.withPodIP(report.podIp()).withPodIPs(new PodIP(report.podIp()));
    }
    if (report.ended() && init.isEmpty() && files.isEmpty()) {
      status
          .withReason("JobEnded")
          .withMessage(
              "Slurm job "
                  + report.jobId()
                  + " ended ("
                  + report.jobState()
                  + ") before any container started");
    } else if (report.ended() && SLURM_ENDED.containsKey(report.jobState())) {
      status
          .withReason(SLURM_ENDED.get(report.jobState()))
          .withMessage(
              "Slurm ended job " + report.jobId() + " with " + report.jobState() + " while it ran");
    }
    return status.build();
  }

  /**
   * SlurmPending while the job waits in Slurm's queue; a pod with no job yet (its pod group
   * gathering) says why in the bridge's words.
   */
  private static String pendingReason(PodJobReport report) {
    if (report.message().isEmpty()) {
      return "";
    }
    return report.jobId().isEmpty() ? report.reason() : "SlurmPending";
  }

  /**
   * Job ends that are Slurm's doing, not the containers': the pod says so, as a kubelet's pod says
   * Evicted or DeadlineExceeded.
   */
  private static final Map<SlurmJobState, String> SLURM_ENDED =
      Map.of(
          SlurmJobState.NODE_FAIL, "NodeFailure",
          SlurmJobState.BOOT_FAIL, "NodeFailure",
          SlurmJobState.TIMEOUT, "DeadlineExceeded",
          SlurmJobState.DEADLINE, "DeadlineExceeded",
          SlurmJobState.PREEMPTED, "Preempted",
          SlurmJobState.CANCELLED, "Cancelled",
          SlurmJobState.OUT_OF_MEMORY, "OutOfMemory");

  private static PodStatus rejected(Pod pod, PodJobReport report, String hostIp, Instant now) {
    boolean retried = report.retried();
    List<ContainerStatus> waiting = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      waiting.add(
          base(c, report)
              .withState(
                  new ContainerStateBuilder()
                      .withNewWaiting()
                      .withReason(report.reason())
                      .withMessage(report.message())
                      .endWaiting()
                      .build())
              .build());
    }
    String time = timestamp(now);
    return new PodStatusBuilder()
        .withPhase(retried ? "Pending" : "Failed")
        .withReason(report.reason())
        .withMessage(report.message())
        .withHostIP(hostIp)
        .withStartTime(startTime(pod, now))
        .withConditions(condition("PodScheduled", true, time), condition("Ready", false, time))
        .withContainerStatuses(waiting)
        .build();
  }

  private static List<ContainerStatus> statuses(
      List<Container> containers,
      Map<String, ContainerStateFile> files,
      PodJobReport report,
      String waitingReason,
      boolean initContainers) {
    List<ContainerStatus> out = new ArrayList<>();
    if (containers == null) {
      return out;
    }
    for (Container c : containers) {
      ContainerStateFile file = files.get(c.getName());
      out.add(
          file == null
              ? waiting(c, report, waitingReason)
              : fromFile(c, file, report, initContainers));
    }
    return out;
  }

  /**
   * Ephemeral containers are not the pod's: they are never ready and never restarted, and they
   * neither make nor keep the pod running, so they are left out of its phase and conditions.
   */
  private static List<ContainerStatus> ephemeral(
      Pod pod, Map<String, ContainerStateFile> files, PodJobReport report) {
    List<ContainerStatus> out = new ArrayList<>();
    for (EphemeralContainer e : listOf(pod.getSpec().getEphemeralContainers())) {
      Container c = new ContainerBuilder().withName(e.getName()).withImage(e.getImage()).build();
      ContainerStateFile file = files.get(c.getName());
      ContainerStatus status =
          file == null ? waiting(c, report, "ContainerCreating") : fromFile(c, file, report, false);
      out.add(new ContainerStatusBuilder(status).withReady(false).build());
    }
    return out;
  }

  private static List<ContainerStatus> initializing(
      List<Container> containers, PodJobReport report) {
    ContainerState waiting =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason("PodInitializing")
            .endWaiting()
            .build();
    return listOf(containers).stream()
        .map(c -> base(c, report).withState(waiting).build())
        .toList();
  }

  private static ContainerStatus waiting(Container c, PodJobReport report, String reason) {
    ContainerState state =
        report.ended()
            ? terminated(
                137,
                "Error",
                "",
                "",
                "Slurm job ended (" + report.jobState() + ") before the container ran")
            : new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
    return base(c, report).withState(state).build();
  }

  private static ContainerStatus fromFile(
      Container c, ContainerStateFile file, PodJobReport report, boolean initContainer) {
    ContainerState current =
        switch (file.state()) {
          case RUNNING ->
              report.ended()
                  ? terminated(
                      137,
                      "Error",
                      file.startedAt(),
                      "",
                      "Slurm job ended (" + report.jobState() + ")")
                  : new ContainerStateBuilder()
                      .withNewRunning()
                      .withStartedAt(file.startedAt().isEmpty() ? null : file.startedAt())
                      .endRunning()
                      .build();
          case TERMINATED ->
              terminated(
                  file.exitCode(),
                  orDefault(file.reason(), "Completed"),
                  file.startedAt(),
                  file.finishedAt(),
                  file.message());
          case WAITING ->
              new ContainerStateBuilder()
                  .withNewWaiting()
                  .withReason(orDefault(file.reason(), "ContainerCreating"))
                  .withMessage(file.message().isEmpty() ? null : file.message())
                  .endWaiting()
                  .build();
        };
    ContainerStatusBuilder status =
        base(c, report).withState(current).withRestartCount(file.restartCount());
    file.previousRun()
        .ifPresent(
            last ->
                status.withLastState(
                    terminated(
                        last.exitCode(),
                        orDefault(last.reason(), "Error"),
                        last.startedAt(),
                        last.finishedAt(),
                        "")));
    if (initContainer) {
      // An init container is ready once it has completed: that is what lets the pod go on.
      boolean completed =
          current.getTerminated() != null && current.getTerminated().getExitCode() == 0;
      return status.withReady(completed).withStarted(false).build();
    }
    boolean running = current.getRunning() != null;
    // The job script's probes say; a container without the probe is ready/started when running.
    boolean started = running && file.startedOr(c.getStartupProbe() == null);
    boolean ready =
        started && file.readyOr(c.getReadinessProbe() == null && c.getStartupProbe() == null);
    return status.withReady(ready).withStarted(started).build();
  }

  private static String orDefault(String value, String ifEmpty) {
    return value.isEmpty() ? ifEmpty : value;
  }

  private static ContainerStatusBuilder base(Container c, PodJobReport report) {
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withImageID("")
        .withContainerID(
            report.jobId().isEmpty() ? null : "apptainer://" + report.jobId() + "/" + c.getName())
        .withReady(false)
        .withStarted(false)
        .withRestartCount(0)
        .withLastState(new ContainerState());
  }

  private static ContainerState terminated(
      int exitCode, String reason, String startedAt, String finishedAt, String message) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message.isEmpty() ? null : message)
        .withStartedAt(startedAt.isEmpty() ? null : startedAt)
        .withFinishedAt(finishedAt.isEmpty() ? null : finishedAt)
        .endTerminated()
        .build();
  }

  private static String phase(
      String restartPolicy,
      PodJobReport report,
      List<ContainerStatus> init,
      List<ContainerStatus> app) {
    Optional<String> ended = endedBeforeTheJob(restartPolicy, init, app);
    if (!report.ended() && ended.isPresent()) {
      return ended.get();
    }
    if (!report.ended()) {
      boolean initDone = init.stream().allMatch(PodStatusTemplate::succeeded);
      boolean anyStarted =
          app.stream()
              .anyMatch(
                  s -> s.getState().getRunning() != null || s.getState().getTerminated() != null);
      return initDone && anyStarted ? "Running" : "Pending";
    }
    boolean allSucceeded =
        !app.isEmpty()
            && app.stream().allMatch(PodStatusTemplate::succeeded)
            && init.stream().allMatch(PodStatusTemplate::succeeded);
    return allSucceeded ? "Succeeded" : "Failed";
  }

  /**
   * The pod's success as a kubelet sees it (getPhase), while its job still tears the sandbox down:
   * every app container ended with 0 and, under the restart policy, none will run again. A failure
   * waits for the job's end, which says whether Slurm ended it (cancelled, node failure, time
   * limit) and why.
   */
  private static Optional<String> endedBeforeTheJob(
      String restartPolicy, List<ContainerStatus> init, List<ContainerStatus> app) {
    boolean allSucceeded =
        !app.isEmpty()
            && app.stream().allMatch(PodStatusTemplate::succeeded)
            && init.stream().allMatch(PodStatusTemplate::succeeded);
    boolean noRestart = "Never".equals(restartPolicy) || "OnFailure".equals(restartPolicy);
    return allSucceeded && noRestart ? Optional.of("Succeeded") : Optional.empty();
  }

  private static boolean succeeded(ContainerStatus s) {
    return PodConditions.succeeded(s);
  }

  private static boolean failed(ContainerStatus s) {
    return s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() != 0;
  }

  private static <T> List<T> listOf(List<T> items) {
    return items == null ? List.of() : items;
  }

  private static String waitingReason(List<ContainerStatus> init) {
    return init.stream().allMatch(PodStatusTemplate::succeeded)
        ? "ContainerCreating"
        : "PodInitializing";
  }

  private static PodCondition condition(String type, boolean status, String time) {
    return PodConditions.condition(type, status, "", "", time);
  }

  /** A condition whose status did not change keeps the time it last changed. */
  private static PodCondition keepTransition(Pod pod, PodCondition wanted) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return wanted;
    }
    for (PodCondition existing : pod.getStatus().getConditions()) {
      if (existing.getType().equals(wanted.getType())
          && existing.getStatus().equals(wanted.getStatus())
          && existing.getLastTransitionTime() != null) {
        wanted.setLastTransitionTime(existing.getLastTransitionTime());
      }
    }
    return wanted;
  }

  private static String startTime(Pod pod, Instant now) {
    String existing = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    return existing != null ? existing : timestamp(now);
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
