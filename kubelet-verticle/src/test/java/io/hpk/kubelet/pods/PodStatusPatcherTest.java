package io.hpk.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Statuses are level-triggered: a write the API server did not take is made again. */
@EnableKubernetesMockClient
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PodStatusPatcherTest {

  private static final String STATUS_PATH = "/api/v1/namespaces/default/pods/web/status";
  private static final PodRef WEB =
      new PodRef("0123abcd-4567-89ef-0123-456789abcdef", "default", "web");

  KubernetesMockServer server;
  KubernetesClient client;
  private Vertx vertx;
  private WorkerPool workers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = new WorkerPool(vertx, "test-kube-api", 2);
  }

  @AfterEach
  void stop() throws Exception {
    workers.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An API server that refuses twice (restarting) still gets the status: the third write. */
  @Test
  void aFailedWriteIsRetriedUntilTheApiServerTakesIt() throws Exception {
    var written = new PodBuilder().withNewMetadata().withName("web").endMetadata().build();
    server.expect().patch().withPath(STATUS_PATH).andReturn(503, "restarting").times(2);
    server.expect().patch().withPath(STATUS_PATH).andReturn(200, written).once();
    // The client's own retries are off, so only the patcher's can get the status written.
    var config =
        new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    KubernetesClient noRetries = new KubernetesClientBuilder().withConfig(config).build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    PodStatusPatcher patcher = new PodStatusPatcher(vertx, noRetries, workers, 50, 100, meters);

    vertx.runOnContext(
        v -> patcher.submit(WEB, new PodStatusBuilder().withPhase("Succeeded").build(), Map.of()));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.getRequestCount() < 3) {
      assertThat(System.nanoTime()).as("three writes within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    String last = "";
    for (int i = 0; i < 3; i++) {
      last = server.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8();
    }
    assertThat(last).contains("Succeeded");
    Thread.sleep(1500);
    assertThat(server.getRequestCount())
        .as("nothing written after the API server had it")
        .isEqualTo(3);
    assertThat(meters.get("hpk.pod.status.patch").timer().count())
        .as("every write timed, the refused ones too")
        .isEqualTo(3);
    assertThat(meters.get("hpk.pod.status.queue").gauge().value())
        .as("nothing left waiting")
        .isZero();
  }

  /**
   * The job id annotation rides on the status patch, with the pod's UID, and a status and
   * annotation the API server has already are not written again.
   */
  @Test
  void annotationsGoWithTheStatusInOnePatch() throws Exception {
    var written = new PodBuilder().withNewMetadata().withName("web").endMetadata().build();
    server.expect().patch().withPath(STATUS_PATH).andReturn(200, written).always();
    PodStatusPatcher patcher =
        new PodStatusPatcher(vertx, client, workers, 50, 100, new SimpleMeterRegistry());
    var pending = new PodStatusBuilder().withPhase("Pending").build();

    vertx.runOnContext(v -> patcher.submit(WEB, pending, Map.of(JobIdAnnotations.KEY, "42")));
    String body = server.takeRequest(10, TimeUnit.SECONDS).getBody().readUtf8();
    vertx.runOnContext(v -> patcher.submit(WEB, pending, Map.of(JobIdAnnotations.KEY, "42")));
    Thread.sleep(1000);

    assertThat(body)
        .contains("\"slurm.hpk.io/job-id\":\"42\"", "\"uid\":\"" + WEB.uid() + "\"", "Pending");
    assertThat(server.getRequestCount()).as("the same update is written once").isEqualTo(1);
  }
}
