package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node conformance behaviour of container lifecycle hooks, PreStop on delete and the
 * kubelet-managed /etc/hosts, as upstream's lifecycle_hook.go, pre_stop.go and kubelet_etc_hosts.go
 * check it: hooks call an HTTP server in another pod, whose log says what arrived.
 */
@Timeout(600)
class LifecycleHooksIT extends LabTest {

  private static String serverIp;

  @BeforeAll
  static void startServer() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: server, namespace: %1$s}
        spec:
          containers:
          - name: httpd
            image: %2$s
            command: ["sh", "-c", "mkdir -p /tmp/www && exec httpd -f -vv -p 8080 -h /tmp/www"]
        """
            .formatted(ns, IMAGE));
    awaitRunning("server");
    serverIp = Kubectl.jsonpath(ns, "pod/server", "{.status.podIP}");
  }

  @Test
  void postStartExecAndPreStopHttpGetReachTheServer() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: exec-then-http, namespace: %1$s}
        spec:
          containers:
          - name: c
            image: %2$s
            command: ["sleep", "600"]
            lifecycle:
              postStart:
                exec: {command: ["sh", "-c", "wget -qO- http://%3$s:8080/a-poststart; true"]}
              preStop:
                httpGet: {host: "%3$s", port: 8080, path: /a-prestop}
        """
            .formatted(ns, IMAGE, serverIp));
    awaitRunning("exec-then-http");
    awaitServerSaw("/a-poststart");
    assertThat(serverLog()).doesNotContain("url:/a-prestop");

    Kubectl.run("delete", "pod", "exec-then-http", "-n", ns, "--grace-period=15");

    awaitServerSaw("/a-prestop");
  }

  /** pre_stop.go "should call prestop when killing a pod", with the http hooks' other half. */
  @Test
  void postStartHttpGetAndPreStopExecOnDelete() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: http-then-exec, namespace: %1$s}
        spec:
          containers:
          - name: c
            image: %2$s
            command: ["sleep", "600"]
            lifecycle:
              postStart:
                httpGet: {host: "%3$s", port: 8080, path: /b-poststart}
              preStop:
                exec: {command: ["wget", "-O-", "http://%3$s:8080/b-prestop"]}
        """
            .formatted(ns, IMAGE, serverIp));
    awaitRunning("http-then-exec");
    awaitServerSaw("/b-poststart");
    assertThat(serverLog()).doesNotContain("url:/b-prestop");

    Kubectl.run("delete", "pod", "http-then-exec", "-n", ns);

    awaitServerSaw("/b-prestop");
  }

  /** lifecycle_hook.go "valid prestop hook using sleep action", shortened. */
  @Test
  void preStopSleepDelaysTheStop() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: sleepy-stop, namespace: %1$s}
        spec:
          terminationGracePeriodSeconds: 40
          containers:
          - name: c
            image: %2$s
            command: ["sleep", "600"]
            lifecycle:
              preStop:
                sleep: {seconds: 6}
        """
            .formatted(ns, IMAGE));
    awaitRunning("sleepy-stop");

    Instant deleted = Instant.now();
    Kubectl.run("delete", "pod", "sleepy-stop", "-n", ns);

    assertThat(Duration.between(deleted, Instant.now()))
        .isBetween(Duration.ofSeconds(6), Duration.ofSeconds(35));
  }

  @Test
  void failingPostStartKillsTheContainerWithAWarning() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: bad-start, namespace: %1$s}
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: %2$s
            command: ["sleep", "600"]
            lifecycle:
              postStart:
                exec: {command: ["sh", "-c", "exit 3"]}
        """
            .formatted(ns, IMAGE));

    Eventually.await(
        Duration.ofSeconds(180),
        "bad-start Failed with a FailedPostStartHook event",
        () ->
            Kubectl.jsonpath(ns, "pod/bad-start", "{.status.phase}").equals("Failed")
                && Kubectl.tryRun(
                        "get",
                        "events",
                        "-n",
                        ns,
                        "--field-selector",
                        "reason=FailedPostStartHook,involvedObject.name=bad-start",
                        "-o",
                        "name")
                    .out()
                    .contains("event"),
        () -> Kubectl.tryRun("describe", "pod", "bad-start", "-n", ns).out() + hpk.logTail());
  }

  /** kubelet_etc_hosts.go "should test kubelet managed /etc/hosts file". */
  @Test
  void etcHostsIsManagedUnlessTheContainerMountsItsOwnOrThePodUsesTheHostNetwork() {
    String mounts =
        """
            volumeMounts: [{name: host-etc-hosts, mountPath: /etc/hosts-original}]
        """;
    String volume =
        """
          volumes:
          - {name: host-etc-hosts, hostPath: {path: /etc/hosts, type: FileOrCreate}}
        """;
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: test-pod, namespace: %1$s}
        spec:
          containers:
          - name: busybox-1
            image: %2$s
            command: ["sleep", "600"]
        %3$s\
          - name: busybox-3
            image: %2$s
            command: ["sleep", "600"]
            volumeMounts:
            - {name: host-etc-hosts, mountPath: /etc/hosts-original}
            - {name: host-etc-hosts, mountPath: /etc/hosts}
        %4$s\
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: test-host-network-pod, namespace: %1$s}
        spec:
          hostNetwork: true
          containers:
          - name: busybox-1
            image: %2$s
            command: ["sleep", "600"]
        %3$s\
        %4$s\
        """
            .formatted(ns, IMAGE, mounts, volume));
    awaitRunning("test-pod");
    awaitRunning("test-host-network-pod");

    assertThat(managed("test-pod", "busybox-1")).isTrue();
    assertThat(managed("test-pod", "busybox-3")).isFalse();
    assertThat(managed("test-host-network-pod", "busybox-1")).isFalse();
  }

  /** The upstream test's check: the managed header, and not the node's file. */
  private static boolean managed(String pod, String container) {
    String hosts =
        Kubectl.stdout("exec", pod, "-n", ns, "-c", container, "--", "cat", "/etc/hosts");
    String original =
        Kubectl.stdout("exec", pod, "-n", ns, "-c", container, "--", "cat", "/etc/hosts-original");
    assertThat(hosts).isNotEmpty();
    assertThat(original).isNotEmpty();
    return hosts.startsWith("# Kubernetes-managed hosts file.") && !hosts.equals(original);
  }

  private static void awaitRunning(String pod) {
    Eventually.await(
        Duration.ofSeconds(180),
        "pod " + pod + " Running",
        () -> Kubectl.jsonpath(ns, "pod/" + pod, "{.status.phase}").equals("Running"),
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
  }

  private static void awaitServerSaw(String path) {
    Eventually.await(
        Duration.ofSeconds(60),
        "the server saw " + path,
        () -> serverLog().contains("url:" + path),
        () -> serverLog() + hpk.logTail());
  }

  private static String serverLog() {
    return Kubectl.tryRun("logs", "server", "-n", ns).out();
  }
}
