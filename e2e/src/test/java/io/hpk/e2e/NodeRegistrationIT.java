package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class NodeRegistrationIT {

  private final String node = "hpk-e2e-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void deleteNode() {
    Kubectl.tryRun("delete", "node", node, "--ignore-not-found", "--wait=false");
  }

  @Test
  void launcherRegistersAReadyNodeRenewsItsLeaseAndStopsCleanlyOnSigterm() throws Exception {
    try (HpkProcess hpk =
        HpkProcess.start(
            "all-roles",
            List.of("--config", Lab.HPK_CONFIG.toString()),
            Map.of("HPK_NODE_NAME", node, "HPK_NODE_LEASE_RENEW_SECONDS", "2"))) {

      Eventually.await(
          Duration.ofSeconds(120),
          "node " + node + " Ready in kubectl get nodes",
          () -> Kubectl.nodeReady(node).equals("True"),
          hpk::logTail);

      assertThat(Kubectl.run("get", "node", node, "-o", "jsonpath={.status.capacity.cpu}"))
          .as("CPUs from sinfo")
          .isNotEqualTo("0");
      assertThat(
              Kubectl.run(
                  "get",
                  "node",
                  node,
                  "-o",
                  "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}"))
          .isEqualTo("10250");
      String renewed = leaseRenewTime();
      Eventually.await(
          Duration.ofSeconds(20),
          "lease renewed after " + renewed,
          () -> !leaseRenewTime().equals(renewed));

      assertThat(hpk.terminate()).as("exit code after SIGTERM").isZero();
      assertThat(hpk.logTail()).contains("stopped");
    }
  }

  private String leaseRenewTime() {
    return Kubectl.run(
        "get", "lease", "-n", "kube-node-lease", node, "-o", "jsonpath={.spec.renewTime}");
  }
}
