package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kubelet and the Slurm bridge in two JVMs over the clustered event bus, each killed (-9) and
 * started again in turn: pods run, log and exec across the JVMs, a restarted bridge takes over the
 * pods it must track, a restarted kubelet carries on, and every pod keeps exactly one job.
 */
@Timeout(900)
class SplitRestartIT {

  private static final String MEMBERS = "127.0.0.1:5821,127.0.0.1:5822";
  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final String node = "hpk-e2e-split-restart-" + suffix;
  private final String ns = "e2e-split-" + suffix;
  private final TestNamespace pods = new TestNamespace(ns);

  @BeforeEach
  void createNamespace() {
    Kubectl.run("create", "namespace", ns);
  }

  @AfterEach
  void cleanUp() {
    Kubectl.tryRun("delete", "namespace", ns, "--wait=false");
    Kubectl.tryRun("delete", "node", node, "--ignore-not-found", "--wait=false");
  }

  @Test
  void eachJvmRestartedInTurnLosesNothing() throws Exception {
    HpkProcess kubelet = start("kubelet", "5821");
    HpkProcess bridge = start("slurm", "5822");
    try {
      Eventually.await(
          Duration.ofSeconds(120),
          "node " + node + " Ready across the two JVMs",
          () -> Kubectl.nodeReady(node).equals("True"),
          kubelet::logTail);
      Kubectl.apply(pod("steady", "echo hello; while [ ! -f /tmp/stop ]; do sleep 1; done"));
      awaitPhase("steady", "Running", kubelet, bridge);
      Eventually.await(
          Duration.ofSeconds(60),
          "kubectl logs steady",
          () -> Kubectl.tryRun("logs", "steady", "-n", ns).out().contains("hello"),
          kubelet::logTail);
      assertThat(Kubectl.run("exec", "steady", "-n", ns, "--", "echo", "across"))
          .isEqualTo("across");

      // A new bridge knows nothing of steady until the kubelet hands it over again.
      bridge.kill();
      Kubectl.apply(pod("during", "echo done"));
      bridge = start("slurm", "5822");
      awaitPhase("during", "Succeeded", kubelet, bridge);
      assertThat(pods.phase("steady")).isEqualTo("Running");
      Kubectl.run("exec", "steady", "-n", ns, "--", "touch", "/tmp/stop");
      awaitPhase("steady", "Succeeded", kubelet, bridge);

      // brief ends while no kubelet runs: the new one must still learn of its end.
      Kubectl.apply(pod("brief", "sleep 8"));
      awaitPhase("brief", "Running", kubelet, bridge);
      String briefUid = pods.uid("brief");
      kubelet.kill();
      Eventually.await(
          Duration.ofSeconds(60),
          "brief's job ended with no kubelet running",
          () -> Slurm.activeJobsOfPod(briefUid).isEmpty());
      Thread.sleep(3_000);
      kubelet = start("kubelet", "5821");
      awaitPhase("brief", "Succeeded", kubelet, bridge);

      for (String pod : List.of("steady", "during", "brief")) {
        assertThat(Slurm.allJobsOfPod(pods.uid(pod))).as("jobs of %s", pod).hasSize(1);
      }
      assertThat(bridge.terminate()).isZero();
      assertThat(kubelet.terminate()).isZero();
    } finally {
      bridge.close();
      kubelet.close();
    }
  }

  private HpkProcess start(String role, String port) throws Exception {
    return HpkProcess.start(
        "split-restart-" + role,
        List.of("--config", Lab.HPK_CONFIG.toString(), "--roles", role, "--cluster"),
        Map.of(
            "HPK_NODE_NAME",
            node,
            // Both members run on this machine: only one could have the status port.
            "HPK_UI_PORT",
            "0",
            "HPK_CLUSTER_HOST",
            "127.0.0.1",
            "HPK_CLUSTER_PORT",
            port,
            "HPK_CLUSTER_MEMBERS",
            MEMBERS));
  }

  /** Bound to the node directly: neither JVM runs the scheduler. */
  private String pod(String name, String script) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec:
          nodeName: %s
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", "%s"]
            resources: {requests: {cpu: "100m"}}
        """
        .formatted(name, ns, node, IMAGE, script);
  }

  private void awaitPhase(String pod, String phase, HpkProcess kubelet, HpkProcess bridge) {
    pods.awaitPhase(
        pod,
        phase,
        Duration.ofSeconds(180),
        () -> kubelet.logTail() + "\n--- bridge ---\n" + bridge.logTail());
  }
}
