package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kubelet and the Slurm bridge in two JVMs joined by the clustered event bus (mutual TLS and
 * the secret from the lab's configuration): the node is Ready only while the bridge in the other
 * JVM answers.
 */
@Timeout(400)
class ClusteredRolesIT {

  private static final String MEMBERS = "127.0.0.1:5811,127.0.0.1:5812";
  private final String node = "hpk-e2e-split-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void deleteNode() {
    Kubectl.tryRun("delete", "node", node, "--ignore-not-found", "--wait=false");
  }

  @Test
  void kubeletAloneIsNotReadyAndBecomesReadyWhenABridgeJoinsTheCluster() throws Exception {
    try (HpkProcess kubelet = start("kubelet", "5811")) {
      Eventually.await(
          Duration.ofSeconds(120),
          "node " + node + " registered NotReady without a Slurm bridge",
          () -> Kubectl.nodeReady(node).equals("False"),
          kubelet::logTail);
      assertThat(
              Kubectl.run(
                  "get",
                  "node",
                  node,
                  "-o",
                  "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}"))
          .isEqualTo("SlurmNotResponding");

      try (HpkProcess bridge = start("slurm", "5812")) {
        Eventually.await(
            Duration.ofSeconds(120),
            "node " + node + " Ready once the bridge JVM joined",
            () -> Kubectl.nodeReady(node).equals("True"),
            () -> kubelet.logTail() + "\n--- bridge ---\n" + bridge.logTail());
        assertThat(bridge.terminate()).isZero();
      }

      Eventually.await(
          Duration.ofSeconds(60),
          "node " + node + " NotReady after the bridge JVM left",
          () -> Kubectl.nodeReady(node).equals("False"),
          kubelet::logTail);
      assertThat(kubelet.terminate()).isZero();
    }
  }

  /** A member without the shared secret stops at start, naming the key, instead of joining. */
  @Test
  void memberWithoutTheClusterSecretDoesNotStart() throws Exception {
    try (HpkProcess member =
        HpkProcess.start(
            "no-secret",
            List.of("--config", Lab.HPK_CONFIG.toString(), "--roles", "slurm", "--cluster"),
            Map.of("HPK_CLUSTER_SECRET_FILE", "", "HPK_CLUSTER_MEMBERS", MEMBERS))) {
      assertThat(member.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(member.logTail()).contains("'cluster.secret-file'");
    }
  }

  private HpkProcess start(String role, String port) throws Exception {
    return HpkProcess.start(
        role,
        List.of("--config", Lab.HPK_CONFIG.toString(), "--roles", role, "--cluster"),
        Map.of(
            "HPK_NODE_NAME",
            node,
            "HPK_NODE_LEASE_RENEW_SECONDS",
            "2",
            "HPK_SLURM_INFO_REFRESH_SECONDS",
            "2",
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
}
