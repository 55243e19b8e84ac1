package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a stock kubelet reports about init containers and deadlines, as the upstream node
 * conformance tests (init_container.go, pods.go) check it.
 */
@Timeout(600)
class ContainerStatusIT extends LabTest {

  /** Completed init containers are ready and the pod is initialized (RestartNever pod). */
  @Test
  void completedInitContainersAreReady() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: init-ok, namespace: %1$s}
        spec:
          restartPolicy: Never
          initContainers:
          - {name: init1, image: %2$s, command: ["/bin/true"]}
          - {name: init2, image: %2$s, command: ["/bin/true"]}
          containers:
          - {name: run1, image: %2$s, command: ["/bin/true"]}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "init-ok Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/init-ok", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "init-ok", "-n", ns).out() + hpk.logTail());
    assertThat(Kubectl.jsonpath(ns, "pod/init-ok", "{.status.initContainerStatuses[*].ready}"))
        .isEqualTo("true true");
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/init-ok", "{.status.conditions[?(@.type==\"Initialized\")].status}"))
        .isEqualTo("True");
  }

  /**
   * A failing init container fails the pod without starting its app container, which stays waiting
   * PodInitializing; the Initialized condition names the container that did not complete.
   */
  @Test
  void failedInitContainerFailsThePodWithoutStartingIt() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: init-fails, namespace: %1$s}
        spec:
          restartPolicy: Never
          initContainers:
          - {name: init1, image: %2$s, command: ["/bin/true"]}
          - {name: init2, image: %2$s, command: ["/bin/false"]}
          containers:
          - {name: run1, image: %2$s, command: ["/bin/true"]}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "init-fails Failed",
        () -> "Failed".equals(Kubectl.jsonpath(ns, "pod/init-fails", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "init-fails", "-n", ns).out() + hpk.logTail());
    String initialized = "{.status.conditions[?(@.type==\"Initialized\")]";
    assertThat(Kubectl.jsonpath(ns, "pod/init-fails", initialized + ".status}")).isEqualTo("False");
    assertThat(Kubectl.jsonpath(ns, "pod/init-fails", initialized + ".reason}"))
        .isEqualTo("ContainersNotInitialized");
    assertThat(Kubectl.jsonpath(ns, "pod/init-fails", initialized + ".message}"))
        .isEqualTo("containers with incomplete status: [init2]");
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/init-fails", "{.status.containerStatuses[0].state.waiting.reason}"))
        .isEqualTo("PodInitializing");
    assertThat(
            Kubectl.jsonpath(
                ns,
                "pod/init-fails",
                "{.status.initContainerStatuses[1].state.terminated.exitCode}"))
        .isEqualTo("1");
  }

  /**
   * Lowering activeDeadlineSeconds on a running pod fails it with DeadlineExceeded within seconds
   * and ends its Slurm job (pods.go "should allow activeDeadlineSeconds to be updated").
   */
  @Test
  void loweredActiveDeadlineFailsTheRunningPod() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: deadline, namespace: %1$s}
        spec:
          restartPolicy: Never
          activeDeadlineSeconds: 3600
          terminationGracePeriodSeconds: 2
          containers:
          - {name: main, image: %2$s, command: ["sleep", "600"]}
        """
            .formatted(ns, IMAGE));
    Eventually.await(
        Duration.ofSeconds(240),
        "deadline Running",
        () -> "Running".equals(Kubectl.jsonpath(ns, "pod/deadline", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "deadline", "-n", ns).out() + hpk.logTail());

    Kubectl.run(
        "patch",
        "pod",
        "deadline",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"activeDeadlineSeconds\":5}}");

    Eventually.await(
        Duration.ofSeconds(60),
        "deadline Failed with DeadlineExceeded",
        () ->
            "Failed DeadlineExceeded"
                .equals(Kubectl.jsonpath(ns, "pod/deadline", "{.status.phase} {.status.reason}")),
        () -> Kubectl.tryRun("describe", "pod", "deadline", "-n", ns).out() + hpk.logTail());
    assertThat(Kubectl.jsonpath(ns, "pod/deadline", "{.status.message}"))
        .isEqualTo("Pod was active on the node longer than the specified deadline");
    String uid = Kubectl.jsonpath(ns, "pod/deadline", "{.metadata.uid}");
    Eventually.await(
        Duration.ofSeconds(60),
        "the deadline pod's Slurm job ended and its container terminated",
        () ->
            Slurm.activeJobsOfPod(uid).isEmpty()
                && !Kubectl.jsonpath(
                        ns,
                        "pod/deadline",
                        "{.status.containerStatuses[0].state.terminated.exitCode}")
                    .isEmpty(),
        () -> Kubectl.tryRun("describe", "pod", "deadline", "-n", ns).out() + hpk.logTail());
    assertThat(Kubectl.jsonpath(ns, "pod/deadline", "{.status.phase} {.status.reason}"))
        .isEqualTo("Failed DeadlineExceeded");
  }

  /**
   * A non-root container's termination file at a non-default path becomes its terminated message,
   * hostile text included, byte for byte (runtime.go, "as non-root user and at a non-default path";
   * /dev paths are not bindable under Apptainer, see TerminationMessageFile).
   */
  @Test
  void terminationMessageFromTheFileAsNonRoot() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: message-file, namespace: %1$s}
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: %2$s
            securityContext: {runAsUser: 1000}
            terminationMessagePath: /termination-custom-log
            env: [{name: MSG, value: 'DONE "},$(id) \\ end'}]
            command: ["/bin/sh", "-c"]
            args: ["printf %%s \\"$MSG\\" > /termination-custom-log"]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "message-file Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/message-file", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "message-file", "-n", ns).out() + hpk.logTail());
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/message-file", "{.status.containerStatuses[0].state.terminated.message}"))
        .isEqualTo("DONE \"},$(id) \\ end");
  }

  /**
   * FallbackToLogsOnError: a failed container that left its file empty reports its log's last
   * output, and a succeeded one reports nothing (runtime.go).
   */
  @Test
  void terminationMessageFallsBackToTheLogOnlyOnError() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: message-log, namespace: %1$s}
        spec:
          restartPolicy: Never
          containers:
          - name: fails
            image: %2$s
            terminationMessagePolicy: FallbackToLogsOnError
            command: ["/bin/sh", "-c"]
            args: ["/bin/echo -n DONE; /bin/false"]
          - name: succeeds
            image: %2$s
            terminationMessagePolicy: FallbackToLogsOnError
            command: ["/bin/sh", "-c"]
            args: ["/bin/echo -n DONE; /bin/true"]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "message-log Failed",
        () -> "Failed".equals(Kubectl.jsonpath(ns, "pod/message-log", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "message-log", "-n", ns).out() + hpk.logTail());
    String terminated = "{.status.containerStatuses[?(@.name==\"%s\")].state.terminated";
    assertThat(Kubectl.jsonpath(ns, "pod/message-log", terminated.formatted("fails") + ".message}"))
        .isEqualTo("DONE");
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/message-log", terminated.formatted("succeeds") + ".exitCode}"))
        .isEqualTo("0");
    assertThat(
            Kubectl.jsonpath(ns, "pod/message-log", terminated.formatted("succeeds") + ".message}"))
        .isEmpty();
  }
}
