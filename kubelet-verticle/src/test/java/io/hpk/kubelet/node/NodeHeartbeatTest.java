package io.hpk.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.bus.SlurmPartition;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.model.NodeIdentity;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@EnableKubernetesMockClient(crud = true)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class NodeHeartbeatTest {

  KubernetesClient client;

  @Test
  void firstBeatRegistersTheNodeAndALeaseOwnedByIt(Vertx vertx, VertxTestContext test) {
    WorkerPool workers = new WorkerPool(vertx, "test-kube-api", 2);
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(
            client,
            workers,
            new NodeIdentity("hpk-kubelet", "127.0.0.1", 10250, 100, "amd64", "6.1"),
            Duration.ofSeconds(40),
            Duration.ofSeconds(60),
            Clock.systemUTC());

    heartbeat
        .beat(
            new SlurmClusterInfo(
                4,
                8000,
                0,
                "22.05.8",
                "1.4.5",
                true,
                List.of(new SlurmPartition("batch", true, 3, 4, 0, 1, 1))))
        .onComplete(
            test.succeeding(
                done ->
                    test.verify(
                        () -> {
                          Node node = client.nodes().withName("hpk-kubelet").get();
                          Lease lease =
                              client
                                  .leases()
                                  .inNamespace("kube-node-lease")
                                  .withName("hpk-kubelet")
                                  .get();
                          assertThat(node.getStatus().getCapacity().get("cpu").getAmount())
                              .isEqualTo("4");
                          assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("hpk-kubelet");
                          assertThat(node.getMetadata().getAnnotations())
                              .containsEntry(
                                  "slurm.hpk.io/partitions",
                                  "batch: 3 of 4 CPUs idle, 0 GPUs, 1 of 1 nodes usable");
                          assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
                          assertThat(lease.getMetadata().getOwnerReferences().get(0).getUid())
                              .isEqualTo(node.getMetadata().getUid());
                          workers.close();
                          test.completeNow();
                        })));
  }
}
