package io.hpk.slurm.model;

import static io.hpk.slurm.model.FakeApptainerJob.closedPort;
import static io.hpk.slurm.model.FakeApptainerJob.sleeping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs rendered job scripts with bash against a fake apptainer whose container sleeps, with httpGet
 * and tcpSocket probes against servers of the test on 127.0.0.1.
 */
@Timeout(60)
class ProbeScriptTest {

  @TempDir Path work;
  private FakeApptainerJob job;
  private HttpServer http;

  @AfterEach
  void stop() throws InterruptedException {
    if (job != null) {
      job.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  @Test
  void readinessFollowsTheHttpAnswerAndSendsTheConfiguredHeaders() throws Exception {
    AtomicInteger answer = new AtomicInteger(200);
    AtomicReference<String> header = new AtomicReference<>("");
    int port = httpServer(answer, header);
    Probe readiness =
        timing(new ProbeBuilder())
            .withNewHttpGet()
            .withHost("127.0.0.1")
            .withPort(new IntOrString("web"))
            .withPath("/ready")
            .addNewHttpHeader("X-Probe", "yes it's me")
            .endHttpGet()
            .build();
    Container c =
        sleeping("c", 30)
            .withReadinessProbe(readiness)
            .addNewPort()
            .withName("web")
            .withContainerPort(port)
            .endPort()
            .build();
    PodDirectory paths =
        start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

    job.awaitStatus("c", s -> s.contains("\"state\":\"running\",") && s.contains("\"ready\":true"));
    assertThat(header.get()).isEqualTo("yes it's me");
    answer.set(503);
    job.awaitStatus(
        "c", s -> s.contains("\"state\":\"running\",") && s.contains("\"ready\":false"));
    answer.set(302);
    job.awaitStatus("c", s -> s.contains("\"ready\":true,\"started\":true}"));
  }

  @Test
  void livenessFailureKillsTheRunAndRestartPolicyNeverEndsIt() throws Exception {
    int closed = closedPort();
    Probe liveness =
        timing(new ProbeBuilder())
            .withFailureThreshold(2)
            .withTerminationGracePeriodSeconds(1L)
            .withNewTcpSocket()
            .withHost("127.0.0.1")
            .withPort(new IntOrString(closed))
            .endTcpSocket()
            .build();
    Container c = sleeping("c", 40).withLivenessProbe(liveness).build();
    Instant began = Instant.now();
    PodDirectory paths =
        start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

    assertThat(job.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.between(began, Instant.now())).isLessThan(Duration.ofSeconds(20));
    assertThat(Files.readString(paths.containerState("c")))
        .contains("\"state\":\"terminated\"", "\"reason\":\"Error\"", "\"exitCode\":143");
    assertThat(Files.readString(paths.jobOutput())).contains("failed its liveness probe 2 times");
  }

  @Test
  void startupProbeGatesReadinessUntilItPasses() throws Exception {
    int port = httpServer(new AtomicInteger(200), new AtomicReference<>());
    try (ServerSocket startupPort = new ServerSocket()) {
      int closed = closedPort();
      Probe startup =
          timing(new ProbeBuilder())
              .withFailureThreshold(100)
              .withNewTcpSocket()
              .withHost("127.0.0.1")
              .withPort(new IntOrString(closed))
              .endTcpSocket()
              .build();
      Probe readiness =
          timing(new ProbeBuilder())
              .withNewHttpGet()
              .withHost("127.0.0.1")
              .withPort(new IntOrString(port))
              .endHttpGet()
              .build();
      Container c =
          sleeping("c", 30).withStartupProbe(startup).withReadinessProbe(readiness).build();
      PodDirectory paths =
          start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

      job.awaitStatus("c", s -> s.contains("\"state\":\"running\","));
      TimeUnit.SECONDS.sleep(3);
      assertThat(Files.readString(paths.containerState("c")))
          .contains("\"ready\":false,\"started\":false}");

      startupPort.bind(new InetSocketAddress("127.0.0.1", closed));
      job.awaitStatus("c", s -> s.contains("\"ready\":true,\"started\":true}"));
    }
  }

  @Test
  void containerWithoutProbesIsReadyWhileRunning() throws Exception {
    PodDirectory paths = start(TestPods.pod(sleeping("c", 30).build()).build());

    job.awaitStatus("c", s -> s.contains("\"state\":\"running\","));
    assertThat(Files.readString(paths.containerState("c")))
        .contains("\"ready\":true,\"started\":true}");
  }

  @Test
  void renderedProbeQuotesTheCommandAndRefusesWhatItCannotRun() {
    Pod pod = TestPods.pod(TestPods.container("c")).build();
    Probe exec = new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/it's").endExec().build();
    assertThat(ProbeScript.probe(exec, TestPods.container("c"), "f", pod))
        .isEqualTo("0 10 1 1 3 30 exec 'cat' '/tmp/it'\\''s'");

    Probe https =
        new ProbeBuilder()
            .withNewHttpGet()
            .withScheme("HTTPS")
            .withPort(new IntOrString(443))
            .endHttpGet()
            .build();
    assertThatThrownBy(() -> ProbeScript.probe(https, TestPods.container("c"), "f", pod))
        .hasMessageContaining("only plain HTTP");
    Probe injected =
        new ProbeBuilder()
            .withNewHttpGet()
            .withPath("/x HTTP/1.1\r\nEvil: 1")
            .withPort(new IntOrString(80))
            .endHttpGet()
            .build();
    assertThatThrownBy(() -> ProbeScript.probe(injected, TestPods.container("c"), "f", pod))
        .isInstanceOf(PodSpecException.class);
    Probe named =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString("nope"))
            .endTcpSocket()
            .build();
    assertThatThrownBy(() -> ProbeScript.probe(named, TestPods.container("c"), "f", pod))
        .hasMessageContaining("no port named nope");
  }

  private static ProbeBuilder timing(ProbeBuilder probe) {
    return probe.withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(1);
  }

  private int httpServer(AtomicInteger answer, AtomicReference<String> header) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          header.set(exchange.getRequestHeaders().getFirst("X-Probe"));
          exchange.getResponseHeaders().add("Location", "/elsewhere");
          exchange.sendResponseHeaders(answer.get(), -1);
          exchange.close();
        });
    http.start();
    return http.getAddress().getPort();
  }

  private PodDirectory start(Pod pod) throws IOException {
    job = FakeApptainerJob.start(work, pod);
    return job.paths;
  }
}
