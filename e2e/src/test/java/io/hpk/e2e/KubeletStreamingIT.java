package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl exec, attach and port-forward reach into the running Slurm job through kube-apiserver
 * (which speaks SPDY to the kubelet), and a WebSocket v5 exec works straight against the kubelet.
 */
@Timeout(600)
class KubeletStreamingIT {

  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private static final String POD = "box";
  private static final Path PKI = Lab.STATE.resolve("pki");
  private static LabSession lab;

  @TempDir static Path tmp;

  @BeforeAll
  static void startHpkAndPod() throws Exception {
    lab = LabSession.open("streaming");
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec:
          containers:
          - name: first
            image: %s
            command: ["sh", "-c", "echo first > /tmp/who; exec sleep 3600"]
            env: [{name: WHO, value: first-env}]
          - name: second
            image: %s
            command: ["sh", "-c", "echo second > /tmp/who; mkdir -p /tmp/www; echo served-by-second > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www"]
            env: [{name: WHO, value: second-env}]
          - name: reader
            image: %s
            stdin: true
            command: ["sh", "-c", "while read line; do echo \\"got $line\\"; done"]
        """
            .formatted(POD, lab.namespace(), IMAGE, IMAGE, IMAGE));
    Eventually.await(
        Duration.ofSeconds(180),
        "pod " + POD + " Ready",
        () -> lab.podField(POD, "{.status.conditions[?(@.type==\"Ready\")].status}").equals("True"),
        () -> Kubectl.tryRun("describe", "pod", "-n", lab.namespace(), POD).out());
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void execExitsWithTheCommandsExitCode() throws Exception {
    Run run = kubectl(null, "exec", POD, "-c", "first", "--", "sh", "-c", "echo out; exit 3");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("out").doesNotContain("srun");
  }

  @Test
  void execPassesStdinToTheCommand() throws Exception {
    Run run = kubectl("hi\n", "exec", "-i", POD, "-c", "first", "--", "cat");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("hi\n");
  }

  @Test
  void execRunsInTheNamedContainerWithItsEnvironment() throws Exception {
    Run second =
        kubectl(null, "exec", POD, "-c", "second", "--", "sh", "-c", "echo $WHO $(cat /tmp/who)");
    Run first =
        kubectl(null, "exec", POD, "-c", "first", "--", "sh", "-c", "echo $WHO $(cat /tmp/who)");
    assertThat(second.out()).isEqualTo("second-env second\n");
    assertThat(first.out()).isEqualTo("first-env first\n");
  }

  @Test
  void execWithATerminalRunsAShellThatSeesResizes() throws Exception {
    Path driver = tmp.resolve("terminal.py");
    Files.writeString(driver, TERMINAL_DRIVER);
    Run run =
        run(
            null,
            "python3",
            driver.toString(),
            Lab.KUBECTL,
            "--kubeconfig",
            Lab.ADMIN_KUBECONFIG.toString(),
            "exec",
            "-it",
            "-n",
            lab.namespace(),
            POD,
            "-c",
            "second",
            "--",
            "sh");
    assertThat(run.out())
        .contains("30 100")
        .contains("40 120")
        .contains("second-env")
        .contains("exit code 4");
  }

  @Test
  void attachForwardsInputToAContainerReadingStdinAndShowsItsOutput() throws Exception {
    Process attach =
        new ProcessBuilder(
                Lab.KUBECTL,
                "--kubeconfig",
                Lab.ADMIN_KUBECONFIG.toString(),
                "attach",
                "-i",
                "-n",
                lab.namespace(),
                POD,
                "-c",
                "reader")
            .redirectErrorStream(true)
            .start();
    try {
      CompletableFuture<String> answer = readUntil(attach, "got hello-attach");
      Thread.sleep(2_000);
      OutputStream stdin = attach.getOutputStream();
      stdin.write("hello-attach\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      assertThat(answer.get(30, TimeUnit.SECONDS)).contains("got hello-attach");
    } finally {
      attach.destroy();
    }
  }

  @Test
  void portForwardCarriesAnHttpRequestToThePod() throws Exception {
    Process forward =
        Kubectl.background("port-forward", "-n", lab.namespace(), "pod/" + POD, ":8080");
    try {
      String line = readUntil(forward, "Forwarding from 127.0.0.1:").get(30, TimeUnit.SECONDS);
      Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+) ->").matcher(line);
      assertThat(port.find()).as(line).isTrue();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port.group(1) + "/index.html"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("served-by-second\n");
    } finally {
      forward.destroy();
    }
  }

  @Test
  void webSocketV5ExecStraightToTheKubeletReportsOutputAndExitCode() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient(kubeletClientOptions());
      String command = "echo ws-$((1+2)); echo to-stderr >&2; exit 5";
      String uri =
          "/exec/%s/%s/second?command=sh&command=-c&command=%s&output=1&error=1"
              .formatted(lab.namespace(), POD, URLEncoder.encode(command, StandardCharsets.UTF_8));
      List<Buffer> messages = new ArrayList<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      client
          .connect(
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(10250)
                  .setURI(uri)
                  .addSubProtocol("v5.channel.k8s.io"))
          .onSuccess(
              ws -> {
                assertThat(ws.subProtocol()).isEqualTo("v5.channel.k8s.io");
                ws.binaryMessageHandler(messages::add);
                ws.closeHandler(v -> closed.complete(null));
              })
          .onFailure(closed::completeExceptionally);
      closed.get(60, TimeUnit.SECONDS);
      StringBuilder stdout = new StringBuilder();
      StringBuilder stderr = new StringBuilder();
      JsonObject status = null;
      for (Buffer message : messages) {
        String data = message.getString(1, message.length());
        switch (message.getByte(0)) {
          case 1 -> stdout.append(data);
          case 2 -> stderr.append(data);
          case 3 -> status = new JsonObject(data);
          default -> {}
        }
      }
      assertThat(stdout.toString()).isEqualTo("ws-3\n");
      assertThat(stderr.toString()).isEqualTo("to-stderr\n");
      assertThat(status).isNotNull();
      assertThat(status.getString("reason")).isEqualTo("NonZeroExitCode");
      assertThat(
              status
                  .getJsonObject("details")
                  .getJsonArray("causes")
                  .getJsonObject(0)
                  .getString("message"))
          .isEqualTo("5");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void webSocketPortForwardStraightToTheKubeletCarriesAnHttpRequest() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient(kubeletClientOptions());
      List<Buffer> data = new ArrayList<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      client
          .connect(
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(10250)
                  .setURI("/portForward/%s/%s?port=8080".formatted(lab.namespace(), POD))
                  .addSubProtocol("v4.channel.k8s.io"))
          .onSuccess(
              ws -> {
                ws.binaryMessageHandler(
                    message -> {
                      data.add(message);
                      if (message.getByte(0) == 0
                          && data.stream().filter(m -> m.getByte(0) == 0).count() == 1) {
                        // The first data message is the port; then the request goes to the pod.
                        ws.writeBinaryMessage(
                            Buffer.buffer(new byte[] {0})
                                .appendString("GET /index.html HTTP/1.0\r\n\r\n"));
                      }
                    });
                ws.closeHandler(v -> closed.complete(null));
              })
          .onFailure(closed::completeExceptionally);
      closed.get(60, TimeUnit.SECONDS);
      List<Buffer> portData = data.stream().filter(m -> m.getByte(0) == 0).toList();
      assertThat(portData.get(0).getBytes(1, 3)).containsExactly(8080 & 0xff, 8080 >> 8);
      String response =
          portData.stream().skip(1).map(m -> m.getString(1, m.length())).reduce("", String::concat);
      assertThat(response).contains("200 OK").contains("served-by-second");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static WebSocketClientOptions kubeletClientOptions() {
    return new WebSocketClientOptions()
        .setSsl(true)
        .setKeyCertOptions(
            new PemKeyCertOptions()
                .setCertPath(PKI.resolve("apiserver-kubelet-client.crt").toString())
                .setKeyPath(PKI.resolve("apiserver-kubelet-client.key").toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(PKI.resolve("ca.crt").toString()));
  }

  private record Run(int exitCode, String out) {}

  private static Run kubectl(String input, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Lab.KUBECTL,
                "--kubeconfig",
                Lab.ADMIN_KUBECONFIG.toString(),
                "-n",
                lab.namespace()));
    command.addAll(List.of(args));
    return run(input, command.toArray(String[]::new));
  }

  /** Runs a command, stdout only (kubectl's stderr would mix in "Defaulted container" notes). */
  private static Run run(String input, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " hung; printed " + out);
    }
    return new Run(process.exitValue(), out);
  }

  /**
   * Completes with the first output line containing the text; keeps draining the output after it
   * (kubectl dies of a broken pipe when its output is closed).
   */
  private static CompletableFuture<String> readUntil(Process process, String text) {
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              StringBuilder seen = new StringBuilder();
              BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
              try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  seen.append(line).append('\n');
                  if (line.contains(text)) {
                    found.complete(line);
                  }
                }
              } catch (IOException e) {
                // The process was stopped.
              }
              found.completeExceptionally(
                  new AssertionError("output ended without '" + text + "': " + seen));
            });
    reader.setDaemon(true);
    reader.start();
    return found;
  }

  /**
   * Runs kubectl (argv[1:]) on a pseudo-terminal of 100x30, asks the shell for its size, resizes to
   * 120x40, asks again, exits 4; prints everything kubectl printed and its exit code.
   */
  private static final String TERMINAL_DRIVER =
      """
      import fcntl, os, pty, select, struct, sys, termios, time
      def size(fd, rows, cols):
          fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
      pid, fd = pty.fork()
      if pid == 0:
          os.execv(sys.argv[1], sys.argv[1:])
      size(fd, 30, 100)
      out = b""
      def read(seconds):
          global out
          end = time.time() + seconds
          while time.time() < end:
              ready, _, _ = select.select([fd], [], [], 0.1)
              if ready:
                  try:
                      out += os.read(fd, 4096)
                  except OSError:
                      return
      read(4)
      os.write(fd, b"stty size; echo $WHO\\n"); read(3)
      size(fd, 40, 120); read(1)
      os.write(fd, b"stty size\\n"); read(3)
      os.write(fd, b"exit 4\\n"); read(4)
      _, status = os.waitpid(pid, 0)
      print(out.decode(errors="replace"))
      print("exit code", os.waitstatus_to_exitcode(status))
      """;
}
