package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pods, Jobs and Deployments applied with kubectl run as Slurm jobs with truthful statuses. */
@Timeout(600)
class PodLifecycleIT extends LabTest {

  @Test
  void jobCompletesWithExitCodeZeroAndItsOutputInThePodLog() throws Exception {
    Kubectl.apply(
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: hello, namespace: %s}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: %s
                command: ["sh", "-c", "echo hello-from-slurm; hostname"]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "job hello complete",
        () -> Kubectl.jsonpath(ns, "job/hello", "{.status.succeeded}").equals("1"),
        () ->
            Kubectl.tryRun("describe", "pods", "-n", ns, "-l", "job-name=hello").out()
                + hpk.logTail());
    String pod =
        Kubectl.run(
            "get",
            "pods",
            "-n",
            ns,
            "-l",
            "job-name=hello",
            "-o",
            "jsonpath={.items[0].metadata.name}");
    assertThat(podField(pod, "{.status.phase}")).isEqualTo("Succeeded");
    assertThat(podField(pod, "{.status.containerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("0");
    assertThat(Files.readString(lab.logFile(pod, "main"))).contains("hello-from-slurm");
  }

  @Test
  void failingContainerGivesAFailedPodWithItsExitCode() {
    Kubectl.apply(pod("fails", "Never", "exit 3", ""));

    Eventually.await(
        Duration.ofSeconds(240),
        "pod fails Failed",
        () -> podField("fails", "{.status.phase}").equals("Failed"),
        hpk::logTail);
    assertThat(podField("fails", "{.status.containerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("3");
    assertThat(podField("fails", "{.status.containerStatuses[0].state.terminated.reason}"))
        .isEqualTo("Error");
  }

  @Test
  void deploymentOfThreeRunsThreeJobsWithDistinctIpsAndScalingDownCancelsTwo() {
    Kubectl.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: sleepers, namespace: %s}
        spec:
          replicas: 3
          selector: {matchLabels: {app: sleepers}}
          template:
            metadata: {labels: {app: sleepers}}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: main
                image: %s
                command: ["sleep", "3600"]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "3 sleepers Running",
        () -> runningIps("app=sleepers").size() == 3,
        hpk::logTail);
    assertThat(new HashSet<>(runningIps("app=sleepers"))).hasSize(3);
    List<String> uids =
        Arrays.asList(
            Kubectl.run(
                    "get",
                    "pods",
                    "-n",
                    ns,
                    "-l",
                    "app=sleepers",
                    "-o",
                    "jsonpath={.items[*].metadata.uid}")
                .split(" "));
    assertThat(uids).allSatisfy(uid -> assertThat(Slurm.activeJobsOfPod(uid)).hasSize(1));

    Kubectl.run("scale", "deployment/sleepers", "-n", ns, "--replicas=1");

    Eventually.await(
        Duration.ofSeconds(60),
        "two of three sleeper jobs cancelled",
        () -> uids.stream().filter(uid -> !Slurm.activeJobsOfPod(uid).isEmpty()).count() == 1,
        hpk::logTail);
    Eventually.await(
        Duration.ofSeconds(60),
        "one sleeper pod left",
        () ->
            Kubectl.run("get", "pods", "-n", ns, "-l", "app=sleepers", "-o", "name").lines().count()
                == 1);
  }

  @Test
  void deletingARunningPodCancelsItsJobWithinTheGracePeriod() {
    Kubectl.apply(
        pod("doomed", "Never", "trap 'exit 0' TERM; sleep 3600 & wait", "")
            .replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: 5\n"));
    Eventually.await(
        Duration.ofSeconds(240),
        "doomed Running",
        () -> podField("doomed", "{.status.phase}").equals("Running"),
        hpk::logTail);
    String uid = podField("doomed", "{.metadata.uid}");
    assertThat(Slurm.activeJobsOfPod(uid)).hasSize(1);

    Kubectl.run("delete", "pod", "doomed", "-n", ns, "--wait=false");

    Eventually.await(
        Duration.ofSeconds(20),
        "doomed's job ended",
        () -> Slurm.activeJobsOfPod(uid).isEmpty(),
        hpk::logTail);
    Eventually.await(
        Duration.ofSeconds(30),
        "doomed gone from the API server",
        () -> podField("doomed", "{.metadata.uid}").isEmpty(),
        hpk::logTail);
  }

  @Test
  void shellMetacharactersInArgsArriveLiterallyAndRunNothing() throws Exception {
    Path marker = Path.of("/tmp/hpk-e2e-pwned");
    Files.deleteIfExists(marker);
    String nasty =
        "a'b\"c $(touch /tmp/hpk-e2e-pwned) `touch /tmp/hpk-e2e-pwned`; touch /tmp/hpk-e2e-pwned";
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: quoted, namespace: %s}
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", "printf '%%s\\\\n' \\"$1\\" \\"$NASTY\\"", "sh"]
            args: [%s]
            env:
            - {name: NASTY, value: %s}
        """
            .formatted(ns, IMAGE, yamlString(nasty), yamlString(nasty + "\nline2")));

    Eventually.await(
        Duration.ofSeconds(240),
        "quoted Succeeded",
        () -> podField("quoted", "{.status.phase}").equals("Succeeded"),
        () -> Kubectl.tryRun("describe", "pod", "quoted", "-n", ns).out() + hpk.logTail());
    String log = Files.readString(lab.logFile("quoted", "main"));
    assertThat(log).contains(nasty).contains("line2");
    assertThat(marker).doesNotExist();
  }

  @Test
  void unknownPartitionFailsThePodWithSlurmsReasonAndAWarningEvent() {
    Kubectl.apply(
        pod("bad-partition", "Never", "true", "  annotations: {slurm.hpk.io/partition: nope}\n"));

    Eventually.await(
        Duration.ofSeconds(120),
        "bad-partition Failed",
        () -> podField("bad-partition", "{.status.phase}").equals("Failed"),
        hpk::logTail);
    assertThat(podField("bad-partition", "{.status.reason}")).isEqualTo("SlurmRejected");
    assertThat(podField("bad-partition", "{.status.message}")).contains("partition");
    Eventually.await(
        Duration.ofSeconds(30),
        "a Warning event on bad-partition",
        () -> !new TestNamespace(ns).eventReasons("bad-partition", "Warning").isEmpty());
  }

  @Test
  void missingConfigMapFailsThePodAndNothingElse() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: no-config, namespace: %s}
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: %s
            command: ["true"]
            env:
            - name: X
              valueFrom: {configMapKeyRef: {name: does-not-exist, key: x}}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(120),
        "no-config reports the missing ConfigMap",
        () ->
            (podField("no-config", "{.status.reason}") + podField("no-config", "{.status.message}"))
                .contains("does-not-exist"),
        hpk::logTail);
    assertThat(hpk.isAlive()).isTrue();
  }

  private static String pod(
      String name, String restartPolicy, String script, String metadataExtra) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
        %sspec:
          restartPolicy: %s
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", %s]
        """
        .formatted(name, ns, metadataExtra, restartPolicy, IMAGE, yamlString(script));
  }

  private static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String podField(String pod, String path) {
    return Kubectl.jsonpath(ns, "pod/" + pod, path);
  }

  private static List<String> runningIps(String selector) {
    String out =
        Kubectl.run(
            "get",
            "pods",
            "-n",
            ns,
            "-l",
            selector,
            "--field-selector=status.phase=Running",
            "-o",
            "jsonpath={.items[*].status.podIP}");
    return out.isBlank()
        ? List.of()
        : Arrays.stream(out.split(" ")).filter(ip -> !ip.isBlank()).toList();
  }
}
