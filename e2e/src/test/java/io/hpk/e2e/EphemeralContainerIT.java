package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kubectl debug}: ephemeral containers start in a running pod's Slurm job, in its sandbox,
 * as the upstream node conformance tests (ephemeral_containers.go) check it.
 */
@Timeout(600)
class EphemeralContainerIT extends LabTest {

  /**
   * A debug container added to a running pod runs once in the pod's network namespace (it sees the
   * pod IP), reports running and then terminated with its exit code, and its log, exec into a
   * long-running one, and a second one whose image cannot be pulled (waiting ErrImagePull, the pod
   * untouched) all behave as on a kubelet.
   */
  @Test
  void debugContainersStartInTheRunningPod() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: target, namespace: %1$s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - {name: main, image: %2$s, command: ["sleep", "600"]}
        """
            .formatted(ns, IMAGE));
    awaitPod("target Running", "{.status.phase}", "Running");
    String podIp = Kubectl.jsonpath(ns, "pod/target", "{.status.podIP}");

    Kubectl.run(
        "debug",
        "target",
        "-n",
        ns,
        "--image=" + IMAGE,
        "--container=dbg",
        "--target=main",
        "--",
        "sh",
        "-c",
        "echo hi from dbg; ip -4 addr; exit 3");
    awaitPod(
        "dbg terminated with exit code 3",
        "{.status.ephemeralContainerStatuses[?(@.name==\"dbg\")].state.terminated.exitCode}",
        "3");
    String log = Kubectl.run("logs", "target", "-c", "dbg", "-n", ns);
    assertThat(log).contains("hi from dbg", podIp);

    Kubectl.run(
        "debug", "target", "-n", ns, "--image=" + IMAGE, "--container=shell", "--", "sleep", "300");
    awaitPod(
        "shell running",
        "{.status.ephemeralContainerStatuses[?(@.name==\"shell\")].state.running.startedAt}",
        null);
    assertThat(Kubectl.run("exec", "target", "-c", "shell", "-n", ns, "--", "echo", "marco"))
        .contains("marco");

    Kubectl.run(
        "debug",
        "target",
        "-n",
        ns,
        "--image=localhost:5000/no-such-image:0",
        "--container=broken",
        "--",
        "true");
    awaitPod(
        "broken waiting ErrImagePull",
        "{.status.ephemeralContainerStatuses[?(@.name==\"broken\")].state.waiting.reason}",
        "ErrImagePull");
    assertThat(Kubectl.jsonpath(ns, "pod/target", "{.status.phase}")).isEqualTo("Running");
    assertThat(Kubectl.jsonpath(ns, "pod/target", "{.status.containerStatuses[0].state.running}"))
        .isNotEmpty();
    assertThat(
            Kubectl.run(
                "get",
                "events",
                "-n",
                ns,
                "--field-selector",
                "involvedObject.name=target,type=Warning",
                "-o",
                "jsonpath={.items[*].message}"))
        .contains("ephemeral container broken");
  }

  /** Waits until the path has the value, or any value when {@code wanted} is null. */
  private static void awaitPod(String what, String path, String wanted) {
    Eventually.await(
        Duration.ofSeconds(240),
        what,
        () -> {
          String value = Kubectl.jsonpath(ns, "pod/target", path);
          return wanted == null ? !value.isEmpty() : wanted.equals(value);
        },
        () -> Kubectl.tryRun("describe", "pod", "target", "-n", ns).out() + hpk.logTail());
  }
}
