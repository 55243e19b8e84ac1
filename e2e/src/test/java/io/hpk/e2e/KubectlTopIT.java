package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kubectl top} through the lab's metrics-server, which scrapes the HPK kubelet's
 * /metrics/resource with its own client certificate (deploy/lab/metrics.sh).
 */
@Timeout(600)
class KubectlTopIT extends LabTest {

  /** Idle this long, then burn one core: long enough for metrics-server's first two scrapes. */
  private static final int IDLE_SECONDS = 60;

  private static final Pattern USAGE = Pattern.compile("(\\d+)m\\s+(?:\\d+%\\s+)?(\\d+)Mi");

  /** Millicores and MiB from one line of kubectl top. */
  private record Usage(long millicores, long mebibytes) {}

  @Test
  void topNodeShowsTheSlurmNodesCpuAndMemory() {
    Usage node = await("kubectl top node", "top", "node", HpkLab.NODE, "--no-headers");

    assertThat(node.millicores()).isPositive();
    assertThat(node.mebibytes()).isPositive();
  }

  @Test
  void topPodShowsNumbersThatRiseWhenThePodBurnsCpu() throws Exception {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: burner, namespace: %s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: burn
            image: %s
            command: ["sh", "-c", "sleep %d; while :; do :; done"]
        """
            .formatted(ns, IMAGE, IDLE_SECONDS));
    Eventually.await(
        Duration.ofSeconds(120),
        "pod burner running",
        () -> Kubectl.jsonpath(ns, "pod/burner", "{.status.phase}").equals("Running"),
        () -> Kubectl.tryRun("describe", "pod", "-n", ns, "burner").out() + hpk.logTail());
    Instant started =
        Instant.parse(
            Kubectl.jsonpath(
                ns, "pod/burner", "{.status.containerStatuses[0].state.running.startedAt}"));

    Usage idle = await("kubectl top pod burner", "top", "pod", "burner", "-n", ns, "--no-headers");
    Duration idleSeenAt = Duration.between(started, Instant.now());
    assertThat(idleSeenAt)
        .as("first metrics must come while the pod still sleeps")
        .isLessThan(Duration.ofSeconds(IDLE_SECONDS - 5));
    assertThat(idle.mebibytes()).isPositive();
    assertThat(idle.millicores()).isLessThan(100);

    AtomicReference<Usage> busy = new AtomicReference<>();
    Eventually.await(
        Duration.ofSeconds(IDLE_SECONDS + 60),
        "kubectl top pod burner to show the busy loop",
        () -> {
          busy.set(parse(Kubectl.tryRun("top", "pod", "burner", "-n", ns, "--no-headers").out()));
          return busy.get() != null && busy.get().millicores() >= 500;
        },
        () -> "last: " + busy.get() + "\n" + hpk.logTail());
    assertThat(busy.get().millicores()).isGreaterThan(idle.millicores() + 400);

    // The API server's node proxy refuses the lab node's loopback address, so ask the kubelet port
    // directly, as metrics-server does, with metrics-server's client certificate.
    assertThat(kubeletGet("/stats/summary"))
        .contains("\"burner\"", "\"burn\"", "usageCoreNanoSeconds", "workingSetBytes");
  }

  private static String kubeletGet(String path) throws Exception {
    Path pki = Lab.STATE.resolve("pki");
    Process curl =
        new ProcessBuilder(
                "curl",
                "-sf",
                "--cacert",
                pki.resolve("ca.crt").toString(),
                "--cert",
                pki.resolve("metrics-server.crt").toString(),
                "--key",
                pki.resolve("metrics-server.key").toString(),
                "https://127.0.0.1:10250" + path)
            .redirectErrorStream(true)
            .start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as("curl %s: %s", path, out).isZero();
    return out;
  }

  /** metrics-server runs with -v=1, so it says why it dropped a node or a pod. */
  private static String metricsServerLogTail() {
    try {
      List<String> lines = Files.readAllLines(Lab.STATE.resolve("logs/metrics-server.log"));
      return "--- metrics-server ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (java.io.IOException e) {
      return "(no metrics-server log: " + e.getMessage() + ")";
    }
  }

  private static Usage await(String what, String... args) {
    AtomicReference<String> last = new AtomicReference<>("");
    Eventually.await(
        Duration.ofSeconds(150),
        what + " to show numbers",
        () -> {
          last.set(Kubectl.tryRun(args).out());
          return parse(last.get()) != null;
        },
        () -> "last output: " + last.get() + "\n" + hpk.logTail() + "\n" + metricsServerLogTail());
    return parse(last.get());
  }

  private static Usage parse(String topLine) {
    Matcher m = USAGE.matcher(topLine);
    return m.find() ? new Usage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))) : null;
  }
}
