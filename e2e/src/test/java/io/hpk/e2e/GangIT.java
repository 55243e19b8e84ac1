package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gangs: the pods of a coscheduling PodGroup (scheduling.x-k8s.io/v1alpha1, pods labelled
 * scheduling.x-k8s.io/pod-group) start together in one Slurm job, each pod a step of it on its own
 * compute node, or not at all; deleting them ends the job.
 */
@Timeout(600)
class GangIT extends LabTest {

  private static final String LABEL = "scheduling.x-k8s.io/pod-group";

  @Test
  void aPodGroupsPodsStartTogetherAsStepsOfOneJob() {
    Kubectl.apply(podGroup("duo", 2) + "---\n" + member("duo-0", "duo"));

    awaitReason("duo-0", "WaitingForPodGroup");
    assertThat(field("duo-0", "{.status.phase}")).isEqualTo("Pending");
    assertThat(field("duo-0", "{.status.message}")).contains("1 of its minMember 2");
    assertThat(Slurm.allJobsOfPod(pods().uid("duo-0"))).as("no job while alone").isEmpty();

    Kubectl.apply(member("duo-1", "duo"));
    pods().awaitPhase("duo-0", "Running", Duration.ofSeconds(180), this::diagnostics);
    pods().awaitPhase("duo-1", "Running", Duration.ofSeconds(60), this::diagnostics);

    String jobId = jobId("duo-0");
    assertThat(jobId).as("job-id annotation").matches("\\d+");
    assertThat(jobId("duo-1")).as("one job for the gang").isEqualTo(jobId);
    assertThat(Slurm.activeJobsOfPod(pods().uid("duo-1"))).containsExactly(jobId);
    List<String> stepNodes = Slurm.squeue("-h", "-s", "-j", jobId, "-o", "%i %N");
    List<String> podSteps =
        stepNodes.stream().filter(line -> line.matches(jobId + "\\.\\d+ c\\d+")).toList();
    assertThat(podSteps).as("a step per pod, in:\n%s", stepNodes).hasSize(2);
    assertThat(podSteps.stream().map(line -> line.split(" ")[1]).distinct())
        .as("--ntasks-per-node=1 puts each pod on a node of its own")
        .hasSize(2);

    // Each pod runs on its own step's node: exec and logs reach both, each in its own container.
    for (String pod : List.of("duo-0", "duo-1")) {
      assertThat(Kubectl.stdout("exec", pod, "-n", ns, "--", "cat", "/etc/hostname").trim())
          .isEqualTo(pod);
      Eventually.await(
          Duration.ofSeconds(30),
          pod + "'s log",
          () -> Kubectl.tryRun("logs", pod, "-n", ns).out().contains("hello from " + pod));
    }

    Kubectl.run("delete", "pod", "duo-0", "duo-1", "-n", ns, "--wait=true", "--timeout=120s");
    Eventually.await(
        Duration.ofSeconds(60),
        "the gang's job ended",
        () -> Slurm.squeue("-h", "-j", jobId, "-t", "PENDING,RUNNING,COMPLETING").isEmpty());
  }

  @Test
  void aPodOfAPodGroupThatDoesNotExistWaitsSayingSoUntilItDoes() {
    Kubectl.apply(member("lone-0", "missing"));

    awaitReason("lone-0", "PodGroupNotFound");
    assertThat(field("lone-0", "{.status.phase}")).isEqualTo("Pending");
    assertThat(pods().eventReasons("lone-0", "Warning")).contains("PodGroupNotFound");

    Kubectl.apply(podGroup("missing", 1));
    pods().awaitPhase("lone-0", "Running", Duration.ofSeconds(120), this::diagnostics);
    Kubectl.run("delete", "pod", "lone-0", "-n", ns, "--wait=false");
  }

  private static String podGroup(String name, int minMember) {
    return """
        apiVersion: scheduling.x-k8s.io/v1alpha1
        kind: PodGroup
        metadata: {name: %s, namespace: %s}
        spec: {minMember: %d}
        """
        .formatted(name, ns, minMember);
  }

  private static String member(String pod, String group) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: {%s: %s}
          annotations: {slurm.hpk.io/flags: "--ntasks-per-node=1"}
        spec:
          terminationGracePeriodSeconds: 5
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", "echo hello from $(cat /etc/hostname); exec sleep 3600"]
        """
        .formatted(pod, ns, LABEL, group, IMAGE);
  }

  private void awaitReason(String pod, String reason) {
    Eventually.await(
        Duration.ofSeconds(60),
        pod + " with status reason " + reason,
        () -> field(pod, "{.status.reason}").equals(reason),
        this::diagnostics);
  }

  private static String field(String pod, String path) {
    return Kubectl.jsonpath(ns, "pod/" + pod, path);
  }

  private static String jobId(String pod) {
    return field(pod, "{.metadata.annotations.slurm\\.hpk\\.io/job-id}");
  }

  private TestNamespace pods() {
    return new TestNamespace(ns);
  }

  private String diagnostics() {
    return Kubectl.tryRun("get", "pods", "-n", ns, "-o", "wide").out()
        + Kubectl.tryRun("describe", "pods", "-n", ns).out()
        + String.join("\n", Slurm.squeue("-s"))
        + hpk.logTail();
  }
}
