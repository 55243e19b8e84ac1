package io.hpk.slurm.model;

import static io.hpk.slurm.model.FakeApptainerJob.closedPort;
import static io.hpk.slurm.model.FakeApptainerJob.sleeping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs rendered job scripts with bash against a fake apptainer whose container sleeps, with httpGet
 * and sleep lifecycle hooks against a server of the test on 127.0.0.1 (exec hooks need a real
 * container to enter: LifecycleHooksIT).
 */
@Timeout(60)
class HookScriptTest {

  @TempDir Path work;
  private FakeApptainerJob job;
  private HttpServer http;
  private HttpsServer tlsServer;

  /** Request path → the container's state file when the request arrived. */
  private final Map<String, String> requests = new ConcurrentHashMap<>();

  private PodDirectory paths;

  @AfterEach
  void stop() throws InterruptedException {
    if (job != null) {
      job.close();
    }
    if (http != null) {
      http.stop(0);
    }
    if (tlsServer != null) {
      tlsServer.stop(0);
    }
  }

  @Test
  void postStartRunsBeforeTheContainerCountsAsRunning() throws Exception {
    int port = httpServer(Duration.ofMillis(1500));
    Container c = withHooks(sleeping("c", 30), get(port, "/poststart"), null);
    start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

    awaitStatus("c", s -> s.contains("\"state\":\"running\","));
    assertThat(requests).containsKey("/poststart");
    assertThat(requests.get("/poststart")).doesNotContain("\"state\":\"running\"");
  }

  @Test
  void httpsHooksSkipCertificateChecks() throws Exception {
    int https = httpsServer();
    Container c =
        withHooks(sleeping("c", 30), https(https, "/poststart?msg=tls"), https(https, "/prestop"));
    start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());
    awaitStatus("c", s -> s.contains("\"state\":\"running\","));
    assertThat(requests).containsKey("/poststart");

    job.process.destroy();

    assertThat(job.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(requests).containsKey("/prestop");
    assertThat(paths.eventsFile()).doesNotExist();
  }

  @Test
  void failedPostStartKillsTheRunAndLeavesAWarningForTheBridge() throws Exception {
    Container c = withHooks(sleeping("c", 30), get(closedPort(), "/poststart"), null);
    start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

    assertThat(job.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(paths.containerState("c")))
        .contains("\"state\":\"terminated\"", "\"reason\":\"Error\"");
    assertThat(Files.readString(paths.eventsFile()))
        .startsWith("Warning\tFailedPostStartHook\tPostStartHook of container c failed");
  }

  @Test
  void preStopRunsOnTermWhileTheContainerStillRuns() throws Exception {
    int port = httpServer(Duration.ZERO);
    Container c = withHooks(sleeping("c", 30), null, get(port, "/prestop"));
    start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());
    awaitStatus("c", s -> s.contains("\"state\":\"running\","));
    assertThat(requests).doesNotContainKey("/prestop");

    job.process.destroy();

    assertThat(job.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(requests.get("/prestop")).contains("\"state\":\"running\"");
    assertThat(Files.readString(paths.containerState("c")))
        .contains("\"state\":\"terminated\"", "\"exitCode\":143");
    assertThat(paths.eventsFile()).doesNotExist();
  }

  @Test
  void aLivenessKillRunsPreStopFirst() throws Exception {
    int port = httpServer(Duration.ZERO);
    Probe liveness =
        new ProbeBuilder()
            .withPeriodSeconds(1)
            .withFailureThreshold(1)
            .withNewTcpSocket()
            .withHost("127.0.0.1")
            .withPort(new IntOrString(closedPort()))
            .endTcpSocket()
            .build();
    Container c =
        withHooks(sleeping("c", 30).withLivenessProbe(liveness), null, get(port, "/prestop"));
    start(TestPods.pod(c).editSpec().withRestartPolicy("Never").endSpec().build());

    assertThat(job.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(requests.get("/prestop")).contains("\"state\":\"running\"");
  }

  @Test
  void preStopSleepDelaysTheTermButNotBeyondTheGracePeriod() throws Exception {
    LifecycleHandler sleep = new LifecycleHandlerBuilder().withNewSleep(40L).build();
    Container c = withHooks(sleeping("c", 60), null, sleep);
    start(
        TestPods.pod(c)
            .editSpec()
            .withRestartPolicy("Never")
            .withTerminationGracePeriodSeconds(3L)
            .endSpec()
            .build());
    awaitStatus("c", s -> s.contains("\"state\":\"running\","));

    Instant term = Instant.now();
    job.process.destroy();

    assertThat(job.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.between(term, Instant.now()))
        .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(10));
  }

  @Test
  void renderedHooksQuoteTheCommandAndRefuseWhatTheyCannotRun() {
    Pod pod = TestPods.pod(TestPods.container("c")).build();
    Container c = TestPods.container("c");
    LifecycleHandler exec =
        new LifecycleHandlerBuilder()
            .withNewExec()
            .withCommand("sh", "-c", "it's")
            .endExec()
            .build();
    assertThat(LifecycleHookScript.handler(exec, 30, c, "f"))
        .isEqualTo("30 exec 'sh' '-c' 'it'\\''s'");
    assertThat(LifecycleHookScript.handler(get(8080, "/x"), 0, c, "f"))
        .startsWith("0 http-any '127.0.0.1' 8080 '/x' '' 'User-Agent: kube-lifecycle/1.34\n");

    assertThat(LifecycleHookScript.handler(https(443, "/"), 30, c, "f"))
        .startsWith("30 https-any '127.0.0.1' 443 '/' ''");
    LifecycleHandler ftp =
        new LifecycleHandlerBuilder()
            .withNewHttpGet()
            .withScheme("FTP")
            .withPort(new IntOrString(21))
            .endHttpGet()
            .build();
    assertThatThrownBy(() -> LifecycleHookScript.handler(ftp, 30, c, "f"))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("only plain HTTP");
    LifecycleHandler injected = get(80, "/x HTTP/1.1\r\nEvil: 1");
    assertThatThrownBy(() -> LifecycleHookScript.handler(injected, 30, c, "f"))
        .isInstanceOf(PodSpecException.class);
    LifecycleHandler nothing = new LifecycleHandlerBuilder().build();
    assertThatThrownBy(() -> LifecycleHookScript.handler(nothing, 30, c, "f"))
        .hasMessageContaining("needs one of");
  }

  private static LifecycleHandler get(int port, String path) {
    return new LifecycleHandlerBuilder()
        .withNewHttpGet()
        .withHost("127.0.0.1")
        .withPort(new IntOrString(port))
        .withPath(path)
        .endHttpGet()
        .build();
  }

  private static LifecycleHandler https(int port, String path) {
    LifecycleHandler handler = get(port, path);
    handler.getHttpGet().setScheme("HTTPS");
    return handler;
  }

  private static Container withHooks(
      ContainerBuilder container, LifecycleHandler postStart, LifecycleHandler preStop) {
    return container
        .withNewLifecycle()
        .withPostStart(postStart)
        .withPreStop(preStop)
        .endLifecycle()
        .build();
  }

  /** Answers 404 (a hook takes any answer) after the delay, noting each path and the state. */
  private int httpServer(Duration delay) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          Path state = paths.containerState("c");
          requests.put(
              exchange.getRequestURI().getPath(),
              Files.exists(state) ? Files.readString(state) : "");
          try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    http.start();
    return http.getAddress().getPort();
  }

  /** An HTTPS server with a self-signed certificate made for the test, noting each path. */
  private int httpsServer() throws Exception {
    Path keystore = work.resolve("hook.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "hook",
                "-keyalg",
                "RSA",
                "-dname",
                "CN=localhost",
                "-validity",
                "1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0).isTrue();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    tlsServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tlsServer.setHttpsConfigurator(new HttpsConfigurator(tls));
    tlsServer.createContext(
        "/",
        exchange -> {
          requests.put(exchange.getRequestURI().getPath(), "");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    tlsServer.start();
    return tlsServer.getAddress().getPort();
  }

  private void start(Pod pod) throws IOException {
    job = FakeApptainerJob.start(work, pod);
    paths = job.paths;
  }

  private void awaitStatus(String container, Predicate<String> wanted) throws Exception {
    job.awaitStatus(container, wanted);
  }
}
