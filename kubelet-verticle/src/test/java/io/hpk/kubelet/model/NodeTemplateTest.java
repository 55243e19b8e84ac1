package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.hpk.common.bus.SlurmClusterInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTemplateTest {

  private static final NodeIdentity IDENTITY =
      new NodeIdentity("hpk-kubelet", "10.0.0.5", 10250, 500, "amd64", "6.1.0");
  private static final SlurmClusterInfo SLURM =
      new SlurmClusterInfo(16, 20000, 2, "22.05.8", "1.4.5", true, List.of());
  private final NodeTemplate template = new NodeTemplate(IDENTITY);

  @Test
  void nodeReportsSlurmCapacityAddressAndKubeletPort() {
    Node node = template.node(SLURM, Instant.parse("2026-01-01T00:00:00Z"));

    NodeStatus status = node.getStatus();
    assertThat(node.getMetadata().getName()).isEqualTo("hpk-kubelet");
    assertThat(status.getCapacity())
        .containsEntry("cpu", new Quantity("16"))
        .containsEntry("memory", new Quantity("20000Mi"))
        .containsEntry("pods", new Quantity("500"))
        .containsEntry("nvidia.com/gpu", new Quantity("2"));
    assertThat(status.getAddresses())
        .anySatisfy(a -> assertThat(a.getAddress()).isEqualTo("10.0.0.5"));
    assertThat(status.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    assertThat(status.getNodeInfo().getOsImage()).isEqualTo("Slurm 22.05.8");
    assertThat(status.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("apptainer://1.4.5");
    assertThat(ready(status).getStatus()).isEqualTo("True");
  }

  @Test
  void nodeIsNotReadyWhenSlurmDoesNotAnswer() {
    SlurmClusterInfo silent = SlurmClusterInfo.silent("", "");

    NodeStatus status = template.status(silent, Instant.now(), Instant.now());

    assertThat(ready(status).getStatus()).isEqualTo("False");
    assertThat(ready(status).getReason()).isEqualTo("SlurmNotResponding");
    assertThat(status.getCapacity()).doesNotContainKey("nvidia.com/gpu");
  }

  @Test
  void heartbeatTimeAloneIsNotAChange() {
    Instant since = Instant.parse("2026-01-01T00:00:00Z");
    NodeStatus first = template.status(SLURM, since.plusSeconds(10), since);
    NodeStatus later = template.status(SLURM, since.plusSeconds(20), since);
    NodeStatus fewerCpus =
        template.status(
            new SlurmClusterInfo(8, 20000, 2, "22.05.8", "1.4.5", true, List.of()),
            since.plusSeconds(20),
            since);

    assertThat(NodeTemplate.sameApartFromHeartbeat(first, later)).isTrue();
    assertThat(NodeTemplate.sameApartFromHeartbeat(first, fewerCpus)).isFalse();
  }

  @Test
  void javaArchitecturesAreNamedAsGoNamesThem() {
    assertThat(NodeIdentity.goArchitecture("x86_64")).isEqualTo("amd64");
    assertThat(NodeIdentity.goArchitecture("aarch64")).isEqualTo("arm64");
  }

  private static NodeCondition ready(NodeStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }
}
