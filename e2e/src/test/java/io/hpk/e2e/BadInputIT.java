package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pods HPK cannot run get a Warning event and a status that names the cause; HPK keeps running and
 * a healthy pod beside them still succeeds.
 */
@Timeout(600)
class BadInputIT extends LabTest {

  @Test
  void unsupportedVolumeTypeFailsThePodNamingTheVolume() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: nfs-volume, namespace: %s}
        spec:
          restartPolicy: Never
          volumes: [{name: shared, nfs: {server: nfs.invalid, path: /export}}]
          containers:
          - {name: main, image: %s, command: ["true"], volumeMounts: [{name: shared, mountPath: /shared}]}
        """
            .formatted(ns, IMAGE));

    awaitStatus("nfs-volume", "Failed", "UnsupportedVolume");
    assertThat(field("nfs-volume", "{.status.message}")).contains("shared");
    awaitWarning("nfs-volume", "UnsupportedVolume");
  }

  /** Apptainer cannot set sysctls: the pod is refused, not run without them. */
  @Test
  void sysctlsAreRefusedWithSysctlForbidden() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: sysctl, namespace: %s}
        spec:
          restartPolicy: Never
          securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: "1"}]}
          containers:
          - {name: main, image: %s, command: ["true"]}
        """
            .formatted(ns, IMAGE));

    awaitStatus("sysctl", "Failed", "SysctlForbidden");
    assertThat(field("sysctl", "{.status.message}")).contains("kernel.shm_rmid_forced");
    awaitWarning("sysctl", "SysctlForbidden");
  }

  @Test
  void imageThatCannotBePulledLeavesThePodPendingWithErrImagePull() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: no-image, namespace: %s}
        spec:
          restartPolicy: Never
          containers:
          - {name: main, image: localhost:5000/does-not-exist:1.0, command: ["true"]}
        """
            .formatted(ns));

    Eventually.await(
        Duration.ofSeconds(120),
        "no-image waiting with ErrImagePull",
        () ->
            field("no-image", "{.status.containerStatuses[0].state.waiting.reason}")
                .equals("ErrImagePull"),
        hpk::logTail);
    assertThat(field("no-image", "{.status.phase}")).isEqualTo("Pending");
    awaitWarning("no-image", "ErrImagePull");
  }

  @Test
  void hostPathOutsideTheAllowedDirectoriesIsRefused() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: host-etc, namespace: %s}
        spec:
          restartPolicy: Never
          volumes: [{name: etc, hostPath: {path: /etc}}]
          containers:
          - {name: main, image: %s, command: ["cat", "/host/shadow"], volumeMounts: [{name: etc, mountPath: /host}]}
        """
            .formatted(ns, IMAGE));

    awaitStatus("host-etc", "Failed", "HostPathNotAllowed");
  }

  @Test
  void subPathSymlinkOutOfTheVolumeIsRefusedAtRunTime() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: escape, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes: [{name: data, emptyDir: {}}]
          initContainers:
          - {name: plant, image: %2$s, command: ["ln", "-s", "/etc", "/data/evil"], volumeMounts: [{name: data, mountPath: /data}]}
          containers:
          - {name: main, image: %2$s, command: ["cat", "/mnt/shadow"], volumeMounts: [{name: data, mountPath: /mnt, subPath: evil}]}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(180),
        "escape's container refused",
        () ->
            field("escape", "{.status.containerStatuses[0].state.terminated.reason}")
                .equals("CreateContainerConfigError"),
        () -> Kubectl.tryRun("describe", "pod", "escape", "-n", ns).out() + hpk.logTail());
    awaitStatus("escape", "Failed", "");
  }

  @Test
  void sbatchFlagsThatChangeTheJobsEnvironmentAreRefused() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: export-flag
          namespace: %s
          annotations: {slurm.hpk.io/flags: "--exclusive --export=ALL,APPTAINER_BIND=/:/host"}
        spec:
          restartPolicy: Never
          containers:
          - {name: main, image: %s, command: ["ls", "/host"]}
        """
            .formatted(ns, IMAGE));

    awaitStatus("export-flag", "Failed", "InvalidAnnotation");
    assertThat(field("export-flag", "{.status.message}"))
        .contains("--export is not a scheduling option");
    awaitWarning("export-flag", "InvalidAnnotation");
    assertThat(Slurm.squeue("-h", "-t", "all", "-n", ns + "_export-flag", "-o", "%i"))
        .as("no job was submitted")
        .isEmpty();
  }

  @Test
  void aHealthyPodBesideTheBadOnesStillSucceeds() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: healthy, namespace: %s}
        spec:
          restartPolicy: Never
          containers:
          - {name: main, image: %s, command: ["sh", "-c", "echo fine"]}
        """
            .formatted(ns, IMAGE));

    awaitStatus("healthy", "Succeeded", "");
    assertThat(hpk.isAlive()).isTrue();
  }

  private static void awaitStatus(String pod, String phase, String reason) {
    Eventually.await(
        Duration.ofSeconds(180),
        pod + " " + phase + " " + reason,
        () ->
            field(pod, "{.status.phase}").equals(phase)
                && (reason.isEmpty() || field(pod, "{.status.reason}").equals(reason)),
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
  }

  private static void awaitWarning(String pod, String reason) {
    Eventually.await(
        Duration.ofSeconds(30),
        "Warning " + reason + " on " + pod,
        () -> new TestNamespace(ns).eventReasons(pod, "Warning").contains(reason));
  }

  private static String field(String pod, String path) {
    return Kubectl.jsonpath(ns, "pod/" + pod, path);
  }
}
