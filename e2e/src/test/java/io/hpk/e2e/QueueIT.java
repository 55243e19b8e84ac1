package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slurm's queue seen through Kubernetes: every pod names its job, a waiting pod says what Slurm
 * waits for and when it expects to start it, and a user's own scontrol and scancel show on the pod.
 */
@Timeout(600)
class QueueIT extends LabTest {

  private static final String JOB_STARTED = "slurm.hpk.io/JobStarted";

  @Test
  void aWaitingPodShowsSlurmsReasonUntilItsJobIsCancelled() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: later
          namespace: %s
          annotations: {slurm.hpk.io/flags: "--begin=now+3600"}
        spec:
          restartPolicy: Never
          containers:
          - {name: main, image: %s, command: ["sleep", "60"]}
        """
            .formatted(ns, IMAGE));

    String jobId = awaitJobIdAnnotation("later");
    awaitCondition("later", "False", "BeginTime");
    assertThat(field("later", "{.status.phase}")).isEqualTo("Pending");
    assertThat(field("later", "{.status.reason}")).isEqualTo("SlurmPending");
    assertThat(conditionMessage("later"))
        .startsWith("Slurm job " + jobId + " is pending: BeginTime")
        .contains("Slurm expects it to start at ");
    awaitEventMessage("later", "SlurmPending", "BeginTime");

    Slurm.run(List.of("scontrol", "hold", jobId));
    awaitCondition("later", "False", "JobHeldUser");
    awaitEventMessage("later", "SlurmPending", "JobHeldUser");

    Slurm.run(List.of("scancel", jobId));
    awaitPhase("later", "Failed");
    assertThat(field("later", "{.status.reason}")).isEqualTo("JobEnded");
    assertThat(field("later", "{.status.message}")).contains(jobId, "CANCELLED");
    assertThat(Slurm.allJobsOfPod(pods().uid("later"))).containsExactly(jobId);
  }

  @Test
  void aRunningPodWhoseJobIsCancelledOutsideHpkFailsSayingSo() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: cancelled, namespace: %s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - {name: main, image: %s, command: ["sleep", "3600"]}
        """
            .formatted(ns, IMAGE));

    awaitPhase("cancelled", "Running");
    String jobId = awaitJobIdAnnotation("cancelled");
    awaitCondition("cancelled", "True", "");

    Slurm.run(List.of("scancel", jobId));
    awaitPhase("cancelled", "Failed");
    assertThat(field("cancelled", "{.status.reason}")).isEqualTo("Cancelled");
    assertThat(field("cancelled", "{.status.message}")).contains(jobId, "CANCELLED");
    assertThat(Slurm.allJobsOfPod(pods().uid("cancelled")))
        .as("not submitted again")
        .containsExactly(jobId);
  }

  /** A nodeSelector on the partition label picks the Slurm partition, as it would pick nodes. */
  @Test
  void aNodeSelectorOnThePartitionLabelChoosesTheSlurmPartition() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: on-debug, namespace: %s}
        spec:
          restartPolicy: Never
          nodeSelector: {slurm.hpk.io/partition: debug}
          containers:
          - {name: main, image: %s, command: ["sleep", "30"]}
        """
            .formatted(ns, IMAGE));

    String jobId = awaitJobIdAnnotation("on-debug");
    assertThat(Slurm.squeue("-h", "-t", "all", "-j", jobId, "-o", "%P")).containsExactly("debug");
    Kubectl.run("delete", "pod", "on-debug", "-n", ns, "--wait=false");
  }

  /** kubectl describe node shows each partition of the lab's Slurm with its idle CPUs. */
  @Test
  void theNodeDescribesSlurmsPartitions() {
    Eventually.await(
        Duration.ofSeconds(60),
        "partitions on the node",
        () -> {
          String described = Kubectl.run("describe", "node", "hpk-kubelet");
          return described.contains("slurm.hpk.io/partitions:")
              && described.matches("(?s).*batch: \\d+ of \\d+ CPUs idle, 0 GPUs, 3 of 3 nodes.*")
              && described.contains("debug: ");
        });
  }

  /** The annotation names the job squeue lists with the pod's UID in its comment. */
  private static String awaitJobIdAnnotation(String pod) {
    String[] jobId = {""};
    Eventually.await(
        Duration.ofSeconds(120),
        pod + " annotated with its job id",
        () -> {
          jobId[0] = field(pod, "{.metadata.annotations.slurm\\.hpk\\.io/job-id}");
          return !jobId[0].isEmpty();
        },
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
    assertThat(Slurm.allJobsOfPod(pods().uid(pod))).containsExactly(jobId[0]);
    return jobId[0];
  }

  private static void awaitCondition(String pod, String status, String reason) {
    Eventually.await(
        Duration.ofSeconds(120),
        pod + " " + JOB_STARTED + "=" + status + " " + reason,
        () ->
            conditionField(pod, "status").equals(status)
                && conditionField(pod, "reason").equals(reason),
        () -> Kubectl.tryRun("get", "pod", pod, "-n", ns, "-o", "yaml").out() + hpk.logTail());
  }

  private static void awaitEventMessage(String pod, String reason, String text) {
    Eventually.await(
        Duration.ofSeconds(60),
        "event " + reason + " on " + pod + " saying " + text,
        () -> pods().eventMessages(pod, reason).contains(text));
  }

  private static void awaitPhase(String pod, String phase) {
    pods()
        .awaitPhase(
            pod,
            phase,
            Duration.ofSeconds(180),
            () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
  }

  private static TestNamespace pods() {
    return new TestNamespace(ns);
  }

  private static String conditionMessage(String pod) {
    return conditionField(pod, "message");
  }

  private static String conditionField(String pod, String name) {
    return field(pod, "{.status.conditions[?(@.type==\"" + JOB_STARTED + "\")]." + name + "}");
  }

  private static String field(String pod, String path) {
    return Kubectl.jsonpath(ns, "pod/" + pod, path);
  }
}
