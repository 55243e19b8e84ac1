package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pod spec features inside the job: init containers, shared localhost, volumes, env, restarts. */
@Timeout(600)
class PodSpecIT extends LabTest {

  @Test
  void initContainerThenTwoContainersTalkingOverLocalhost() throws Exception {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: pair, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes:
          - {name: www, emptyDir: {}}
          initContainers:
          - name: prepare
            image: %2$s
            command: ["sh", "-c", "echo served-by-the-pod > /www/index.html"]
            volumeMounts: [{name: www, mountPath: /www}]
          containers:
          - name: server
            image: %2$s
            command: ["sh", "-c", "httpd -f -p 127.0.0.1:8080 -h /www & sleep 20"]
            volumeMounts: [{name: www, mountPath: /www}]
          - name: client
            image: %2$s
            command: ["sh", "-c", "for i in $(seq 1 30); do timeout 2 wget -qO- http://127.0.0.1:8080/ && exit 0; sleep 0.5; done; exit 1"]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "client container fetched the page from the server container",
        () ->
            "0"
                .equals(
                    Kubectl.jsonpath(
                        ns,
                        "pod/pair",
                        "{.status.containerStatuses[?(@.name==\"client\")].state.terminated.exitCode}")),
        () -> Kubectl.tryRun("describe", "pod", "pair", "-n", ns).out() + hpk.logTail());
    assertThat(Files.readString(lab.logFile("pair", "client"))).contains("served-by-the-pod");
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/pair", "{.status.initContainerStatuses[0].state.terminated.reason}"))
        .isEqualTo("Completed");
  }

  @Test
  void configMapSecretAndDownwardApiReachTheContainer() throws Exception {
    Kubectl.run(
        "create",
        "configmap",
        "settings",
        "-n",
        ns,
        "--from-literal=colour=blue",
        "--from-literal=size=large");
    Kubectl.run(
        "create", "secret", "generic", "credentials", "-n", ns, "--from-literal=password=s3cr3t");
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: reader, namespace: %1$s, labels: {team: hpc}}
        spec:
          restartPolicy: Never
          volumes:
          - {name: cfg, configMap: {name: settings}}
          - {name: sec, secret: {secretName: credentials}}
          - name: info
            downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
          containers:
          - name: main
            image: %2$s
            command: ["sh", "-c", "cat /cfg/colour; echo; cat /sec/password; echo; cat /info/labels; echo; echo env=$COLOUR/$PASSWORD/$POD_NAME/$MY_NS/$SIZE"]
            env:
            - {name: COLOUR, valueFrom: {configMapKeyRef: {name: settings, key: colour}}}
            - {name: PASSWORD, valueFrom: {secretKeyRef: {name: credentials, key: password}}}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: MY_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
            envFrom: [{configMapRef: {name: settings}, prefix: ""}]
            volumeMounts:
            - {name: cfg, mountPath: /cfg}
            - {name: sec, mountPath: /sec}
            - {name: info, mountPath: /info}
          - name: nonroot
            image: %2$s
            securityContext: {runAsUser: 1000}
            command: ["sh", "-c", "echo uid=$(id -u) $(cat /sec/password)"]
            volumeMounts: [{name: sec, mountPath: /sec}]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "reader Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/reader", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "reader", "-n", ns).out() + hpk.logTail());
    String log = Files.readString(lab.logFile("reader", "main"));
    assertThat(log).contains("blue").contains("s3cr3t").contains("team=\"hpc\"");
    assertThat(log).contains("env=blue/s3cr3t/reader/" + ns + "/");
    assertThat(Files.readString(lab.logFile("reader", "nonroot"))).contains("uid=1000 s3cr3t");
    // Slurm keeps job scripts: a Secret's value is read from an owner-only file instead.
    assertThat(Files.readString(lab.podDir("reader").jobScript())).doesNotContain("s3cr3t");
    // Other users of the shared filesystem reach neither the pod's secrets nor its tokens.
    Path podDir = lab.podDir("reader").dir();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(podDir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(podDir.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void onFailureRestartsAFailingContainerOnceAndThePodSucceeds() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: retry, namespace: %1$s}
        spec:
          restartPolicy: OnFailure
          volumes: [{name: scratch, emptyDir: {}}]
          containers:
          - name: main
            image: %2$s
            command: ["sh", "-c", "if [ -e /scratch/tried ]; then echo second; exit 0; fi; touch /scratch/tried; echo first; exit 1"]
            volumeMounts: [{name: scratch, mountPath: /scratch}]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "retry Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/retry", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "retry", "-n", ns).out() + hpk.logTail());
    assertThat(Kubectl.jsonpath(ns, "pod/retry", "{.status.containerStatuses[0].restartCount}"))
        .isEqualTo("1");
    assertThat(
            Kubectl.jsonpath(
                ns, "pod/retry", "{.status.containerStatuses[0].lastState.terminated.exitCode}"))
        .isEqualTo("1");
  }

  /** readOnlyRootFilesystem: the container cannot write to its image, but to a volume it can. */
  @Test
  void aReadOnlyRootFilesystemRefusesWrites() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: read-only, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes: [{name: scratch, emptyDir: {}}]
          containers:
          - name: main
            image: %2$s
            command: ["sh", "-c", "echo x > /file || echo refused; echo y > /scratch/file && echo volume-ok"]
            securityContext: {readOnlyRootFilesystem: true}
            volumeMounts: [{name: scratch, mountPath: /scratch}]
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "read-only Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/read-only", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "read-only", "-n", ns).out() + hpk.logTail());
    String log = Kubectl.run("logs", "read-only", "-n", ns);
    assertThat(log).contains("Read-only file system").contains("refused").contains("volume-ok");
  }

  /**
   * subPath of an emptyDir directory (created when missing) and of one ConfigMap key, the way
   * applications mount a single config file; each container sees only its part of the volume.
   */
  @Test
  void subPathsMountADirectoryAndOneFileOfAVolume() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: %1$s}
        data: {app.conf: "mode=fast", other: "not mounted"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: sub-paths, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes:
          - {name: data, emptyDir: {}}
          - {name: config, configMap: {name: app-config}}
          initContainers:
          - {name: fill, image: %2$s, command: ["sh", "-c", "echo hello > /data/hello"], volumeMounts: [{name: data, mountPath: /data, subPath: a/b}]}
          containers:
          - name: main
            image: %2$s
            command: ["sh", "-c", "cat /in/hello /etc/app.conf; echo; ls /in; ls /etc | grep -c '^other$'; (echo x > /etc/app.conf) 2> /dev/null || echo read-only"]
            volumeMounts:
            - {name: data, mountPath: /in, subPath: a/b}
            - {name: config, mountPath: /etc/app.conf, subPath: app.conf}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(240),
        "sub-paths Succeeded",
        () -> "Succeeded".equals(Kubectl.jsonpath(ns, "pod/sub-paths", "{.status.phase}")),
        () -> Kubectl.tryRun("describe", "pod", "sub-paths", "-n", ns).out() + hpk.logTail());
    assertThat(Kubectl.run("logs", "sub-paths", "-c", "main", "-n", ns).lines())
        .containsExactly("hello", "mode=fast", "hello", "0", "read-only");
    assertThat(lab.podDir("sub-paths").volumesDir().resolve("data/a/b/hello")).exists();
  }
}
