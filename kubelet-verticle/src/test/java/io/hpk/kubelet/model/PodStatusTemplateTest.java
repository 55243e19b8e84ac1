package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.ContainerStateFile;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodStatusTemplateTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final Pod pod =
      new PodBuilder()
          .withNewMetadata()
          .withName("job-1")
          .withNamespace("default")
          .withUid("u-1")
          .endMetadata()
          .withNewSpec()
          .withRestartPolicy("Never")
          .addNewContainer()
          .withName("main")
          .withImage("localhost:5000/busybox:1.35")
          .endContainer()
          .endSpec()
          .build();

  @Test
  void pendingJobShowsSlurmsReason() {
    PodStatus status =
        status("PENDING", "Resources", "Slurm job 7 is pending: Resources", "", List.of());

    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getMessage()).contains("Resources");
    assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("ContainerCreating");
    assertThat(condition(status, "slurm.hpk.io/JobStarted"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("Resources");
              assertThat(c.getMessage()).isEqualTo("Slurm job 7 is pending: Resources");
            });
  }

  /** Slurm's reason may carry details ("ReqNodeNotAvail, UnavailableNodes:c1"); the word leads. */
  @Test
  void jobStartedConditionFollowsTheJob() {
    PodStatus held =
        status(
            "PENDING",
            "ReqNodeNotAvail, UnavailableNodes:c1",
            "Slurm job 7 is pending: ReqNodeNotAvail, UnavailableNodes:c1",
            "",
            List.of());
    PodStatus running = status("RUNNING", "", "", "10.244.0.9", List.of());
    PodStatus cancelledWhileWaiting = status("CANCELLED", "", "", "", List.of());

    assertThat(condition(held, "slurm.hpk.io/JobStarted").getReason()).isEqualTo("ReqNodeNotAvail");
    assertThat(condition(running, "slurm.hpk.io/JobStarted").getStatus()).isEqualTo("True");
    assertThat(condition(cancelledWhileWaiting, "slurm.hpk.io/JobStarted"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("JobEnded");
            });
  }

  @Test
  void runningContainerMakesThePodRunningAndReadyWithItsIp() {
    PodStatus status =
        status(
            "RUNNING",
            "",
            "",
            "10.244.0.9",
            files(
                new JsonObject()
                    .put("name", "main")
                    .put("state", "running")
                    .put("startedAt", "2026-11-28T11:59:00Z")));

    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getReason()).as("a pending reason is cleared, not left out").isEmpty();
    assertThat(status.getPodIP()).isEqualTo("10.244.0.9");
    assertThat(status.getContainerStatuses().get(0).getReady()).isTrue();
    assertThat(status.getContainerStatuses().get(0).getContainerID())
        .isEqualTo("apptainer://7/main");
    assertThat(status.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void endedJobWithExitZeroSucceedsAndWithNonZeroFails() {
    JsonObject ok =
        new JsonObject()
            .put("name", "main")
            .put("state", "terminated")
            .put("exitCode", 0)
            .put("reason", "Completed");
    JsonObject bad =
        new JsonObject()
            .put("name", "main")
            .put("state", "terminated")
            .put("exitCode", 3)
            .put("reason", "Error")
            .put("restartCount", 1);

    assertThat(status("COMPLETED", "", "", "", files(ok)).getPhase()).isEqualTo("Succeeded");
    PodStatus failed = status("FAILED", "", "", "", files(bad));
    assertThat(failed.getPhase()).isEqualTo("Failed");
    assertThat(failed.getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(3);
    assertThat(failed.getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
  }

  /**
   * As a kubelet: once every app container has ended with 0 and the restart policy runs none again,
   * the pod has succeeded, though its job still tears the sandbox down; under Always it runs on,
   * and a failure waits for the job's end and Slurm's reason.
   */
  @Test
  void aPodEndsWithItsContainersBeforeItsJob() {
    List<ContainerStateFile> ok = files(terminatedFile("main", 0));
    List<ContainerStateFile> bad = files(terminatedFile("main", 3));

    assertThat(statusUnder("Never", ok).getPhase()).isEqualTo("Succeeded");
    assertThat(statusUnder("Never", bad).getPhase()).isEqualTo("Running");
    assertThat(statusUnder("OnFailure", ok).getPhase()).isEqualTo("Succeeded");
    assertThat(statusUnder("OnFailure", bad).getPhase()).isEqualTo("Running");
    assertThat(statusUnder("Always", ok).getPhase()).isEqualTo("Running");
  }

  private PodStatus statusUnder(String restartPolicy, List<ContainerStateFile> files) {
    Pod withPolicy =
        new PodBuilder(pod).editSpec().withRestartPolicy(restartPolicy).endSpec().build();
    return PodStatusTemplate.status(
        withPolicy, report(SlurmJobState.RUNNING, files), "127.0.0.1", NOW);
  }

  @Test
  void containerStillRunningWhenTheJobIsGoneIsReportedTerminated() {
    PodStatus status =
        status(
            "CANCELLED",
            "",
            "",
            "",
            files(new JsonObject().put("name", "main").put("state", "running")));

    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getContainerStatuses().get(0).getState().getTerminated()).isNotNull();
  }

  /** A compute node that died under the job fails the pod with a reason saying so. */
  @Test
  void aJobEndedBySlurmSaysWhyOnThePod() {
    PodStatus status =
        status(
            "NODE_FAIL",
            "",
            "",
            "",
            files(new JsonObject().put("name", "main").put("state", "running")));

    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getReason()).isEqualTo("NodeFailure");
    assertThat(status.getMessage()).contains("job 7").contains("NODE_FAIL");
  }

  @Test
  void rejectedSpecFailsThePodNamingTheCause() {
    PodStatus status =
        status(
            "REJECTED",
            "SlurmRejected",
            "sbatch refused the job: invalid partition specified: nope",
            "",
            List.of());

    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getReason()).isEqualTo("SlurmRejected");
    assertThat(status.getMessage()).contains("invalid partition");
  }

  @Test
  void imagePullFailureKeepsThePodPending() {
    PodStatus status =
        status("REJECTED", "ErrImagePull", "Failed to pull image: not found", "", List.of());

    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("ErrImagePull");
  }

  /** A Slurm that did not answer is tried again: the pod waits, it does not fail. */
  @Test
  void anUnavailableSlurmKeepsThePodPending() {
    PodStatus status =
        status("REJECTED", "SlurmUnavailable", "Slurm did not take the job", "", List.of());

    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getReason()).isEqualTo("SlurmUnavailable");
  }

  /** A running container with a readiness probe is ready only when its state file says so. */
  @Test
  void readinessProbeResultDecidesReadyAndTheReadyConditions() {
    Pod probed =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("true")
            .endExec()
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .build();
    JsonObject running =
        new JsonObject().put("name", "main").put("state", "running").put("startedAt", "x");
    PodRef ref = new PodRef("u-1", "default", "job-1");

    for (JsonObject file : List.of(running.copy(), running.copy().put("ready", false))) {
      PodStatus status =
          PodStatusTemplate.status(
              probed,
              new PodJobReport(ref, "7", SlurmJobState.RUNNING, "", "", "10.244.0.9", files(file)),
              "127.0.0.1",
              NOW);
      assertThat(status.getPhase()).isEqualTo("Running");
      assertThat(status.getContainerStatuses().get(0).getReady()).isFalse();
      assertThat(status.getConditions())
          .filteredOn(c -> List.of("Ready", "ContainersReady").contains(c.getType()))
          .extracting(c -> c.getStatus())
          .containsExactly("False", "False");
    }
    PodStatus ready =
        PodStatusTemplate.status(
            probed,
            new PodJobReport(
                ref,
                "7",
                SlurmJobState.RUNNING,
                "",
                "",
                "10.244.0.9",
                files(running.copy().put("ready", true).put("started", true))),
            "127.0.0.1",
            NOW);
    assertThat(ready.getContainerStatuses().get(0).getReady()).isTrue();
    assertThat(ready.getContainerStatuses().get(0).getStarted()).isTrue();
  }

  /** A completed init container is ready, and the pod says it is initialized. */
  @Test
  void completedInitContainerIsReadyAndThePodInitialized() {
    Pod withInit = withInitContainers("init1");
    PodStatus status =
        PodStatusTemplate.status(
            withInit,
            report(
                SlurmJobState.RUNNING,
                files(
                    terminatedFile("init1", 0),
                    new JsonObject().put("name", "main").put("state", "running"))),
            "127.0.0.1",
            NOW);

    assertThat(status.getInitContainerStatuses().get(0).getReady()).isTrue();
    assertThat(condition(status, "Initialized").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
  }

  /**
   * A failed init container fails the pod; its app containers stay waiting for initialisation and
   * the conditions say which containers held it up, in the kubelet's words.
   */
  @Test
  void failedInitContainerLeavesAppContainersWaitingAndSaysWhy() {
    Pod withInit = withInitContainers("init1", "init2");
    PodStatus status =
        PodStatusTemplate.status(
            withInit,
            report(
                SlurmJobState.FAILED,
                files(
                    terminatedFile("init1", 0),
                    terminatedFile("init2", 1),
                    new JsonObject()
                        .put("name", "main")
                        .put("state", "waiting")
                        .put("reason", "PodInitializing"))),
            "127.0.0.1",
            NOW);

    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getInitContainerStatuses().get(1).getReady()).isFalse();
    assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("PodInitializing");
    PodCondition initialized = condition(status, "Initialized");
    assertThat(initialized.getStatus()).isEqualTo("False");
    assertThat(initialized.getReason()).isEqualTo("ContainersNotInitialized");
    assertThat(initialized.getMessage()).isEqualTo("containers with incomplete status: [init2]");
    PodCondition ready = condition(status, "ContainersReady");
    assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
    assertThat(ready.getMessage()).isEqualTo("containers with unready status: [main]");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ContainersNotReady");
  }

  /** Before the job runs, every init container is incomplete and no app container is waited on. */
  @Test
  void pendingPodWithInitContainersIsNotInitialized() {
    PodStatus status =
        PodStatusTemplate.status(
            withInitContainers("init1", "init2"),
            report(SlurmJobState.PENDING, List.of()),
            "127.0.0.1",
            NOW);

    assertThat(condition(status, "Initialized").getMessage())
        .isEqualTo("containers with incomplete status: [init1 init2]");
    assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("PodInitializing");
  }

  /** A pod whose containers all completed is initialized and not ready, because it completed. */
  @Test
  void succeededPodSaysPodCompleted() {
    PodStatus status =
        PodStatusTemplate.status(
            pod,
            report(SlurmJobState.COMPLETED, files(terminatedFile("main", 0))),
            "127.0.0.1",
            NOW);

    assertThat(status.getPhase()).isEqualTo("Succeeded");
    assertThat(condition(status, "Initialized").getReason()).isEqualTo("PodCompleted");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("PodCompleted");
  }

  private Pod withInitContainers(String... names) {
    PodBuilder builder = new PodBuilder(pod);
    for (String name : names) {
      builder
          .editSpec()
          .addNewInitContainer()
          .withName(name)
          .withImage("busybox")
          .endInitContainer()
          .endSpec();
    }
    return builder.build();
  }

  /**
   * An ephemeral container gets its status from its state file, waits with the reason the bridge
   * wrote, is never ready, and leaves the pod's phase and readiness to the pod's own containers.
   */
  @Test
  void ephemeralContainersReportTheirOwnStateOutsideThePodsPhase() {
    Pod debugged =
        new PodBuilder(pod)
            .editSpec()
            .addNewEphemeralContainer()
            .withName("dbg")
            .withImage("localhost:5000/busybox:1.35")
            .endEphemeralContainer()
            .addNewEphemeralContainer()
            .withName("broken")
            .withImage("localhost:5000/nope:1")
            .endEphemeralContainer()
            .addNewEphemeralContainer()
            .withName("new")
            .withImage("localhost:5000/busybox:1.35")
            .endEphemeralContainer()
            .endSpec()
            .build();
    JsonObject running = new JsonObject().put("name", "main").put("state", "running");
    JsonObject waiting =
        new JsonObject()
            .put("name", "broken")
            .put("state", "waiting")
            .put("reason", "ErrImagePull")
            .put("message", "Failed to pull image");

    PodStatus status =
        PodStatusTemplate.status(
            debugged,
            report(SlurmJobState.RUNNING, files(running, terminatedFile("dbg", 3), waiting)),
            "127.0.0.1",
            NOW);

    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(status.getEphemeralContainerStatuses())
        .extracting(s -> s.getName())
        .containsExactly("dbg", "broken", "new");
    var dbg = status.getEphemeralContainerStatuses().get(0);
    assertThat(dbg.getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(dbg.getReady()).isFalse();
    assertThat(dbg.getContainerID()).isEqualTo("apptainer://7/dbg");
    var broken = status.getEphemeralContainerStatuses().get(1).getState().getWaiting();
    assertThat(broken.getReason()).isEqualTo("ErrImagePull");
    assertThat(broken.getMessage()).isEqualTo("Failed to pull image");
    assertThat(status.getEphemeralContainerStatuses().get(2).getState().getWaiting().getReason())
        .isEqualTo("ContainerCreating");
  }

  private static JsonObject terminatedFile(String name, int exitCode) {
    return new JsonObject()
        .put("name", name)
        .put("state", "terminated")
        .put("exitCode", exitCode)
        .put("reason", exitCode == 0 ? "Completed" : "Error");
  }

  private static PodJobReport report(SlurmJobState state, List<ContainerStateFile> files) {
    return new PodJobReport(
        new PodRef("u-1", "default", "job-1"), "7", state, "", "", "10.244.0.9", files);
  }

  /**
   * Ready waits for the conditions the pod's readiness gates name, which others set and which the
   * status HPK writes keeps (a patch replaces the whole list).
   */
  @Test
  void readinessGatesHoldReadyUntilTheirConditionsAreTrueAndOthersConditionsStay() {
    PodStatus oneOfTwo = gated(List.of(gate("example.com/lb", "True")));
    PodStatus both =
        gated(List.of(gate("example.com/lb", "True"), gate("example.com/dns", "True")));
    PodStatus falseOne =
        gated(List.of(gate("example.com/lb", "False"), gate("example.com/dns", "True")));

    assertThat(condition(oneOfTwo, "Ready"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ReadinessGatesNotReady");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "corresponding condition of pod readiness gate \"example.com/dns\" does"
                          + " not exist.");
            });
    assertThat(condition(oneOfTwo, "ContainersReady").getStatus()).isEqualTo("True");
    assertThat(condition(oneOfTwo, "example.com/lb").getStatus()).isEqualTo("True");
    assertThat(condition(both, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(falseOne, "Ready").getMessage())
        .isEqualTo(
            "the status of pod readiness gate \"example.com/lb\" is not \"True\", but False");
  }

  private PodStatus gated(List<PodCondition> others) {
    Pod gated =
        new PodBuilder(pod)
            .editSpec()
            .addNewReadinessGate("example.com/lb")
            .addNewReadinessGate("example.com/dns")
            .endSpec()
            .withNewStatus()
            .withConditions(others)
            .endStatus()
            .build();
    return PodStatusTemplate.status(
        gated,
        new PodJobReport(
            new PodRef("u-1", "default", "job-1"),
            "7",
            SlurmJobState.RUNNING,
            "",
            "",
            "10.244.0.9",
            files(new JsonObject().put("name", "main").put("state", "running"))),
        "127.0.0.1",
        NOW);
  }

  private static PodCondition gate(String type, String status) {
    return new io.fabric8.kubernetes.api.model.PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .build();
  }

  private static PodCondition condition(PodStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private PodStatus status(
      String state, String reason, String message, String ip, List<ContainerStateFile> containers) {
    String jobId = "REJECTED".equals(state) ? "" : "7";
    return PodStatusTemplate.status(
        pod,
        new PodJobReport(
            new PodRef("u-1", "default", "job-1"),
            jobId,
            SlurmJobState.parse(state),
            reason,
            message,
            ip,
            containers),
        "127.0.0.1",
        NOW);
  }

  private static List<ContainerStateFile> files(JsonObject... states) {
    return Arrays.stream(states).map(ContainerStateFile::fromJson).toList();
  }
}
