package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kubectl logs and its options, served by HPK's kubelet API from the job's CRI log files. */
@Timeout(600)
class KubeletLogsIT extends LabTest {

  private static void runPod(String name, String restartPolicy, String script) {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec:
          restartPolicy: %s
          terminationGracePeriodSeconds: 2
          volumes: [{name: data, emptyDir: {}}]
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", %s]
            volumeMounts: [{name: data, mountPath: /data}]
        """
            .formatted(name, ns, restartPolicy, IMAGE, quoted(script)));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void awaitLog(String pod, String text) {
    Eventually.await(
        Duration.ofSeconds(240),
        "log of " + pod + " contains " + text,
        () -> Kubectl.tryRun("logs", pod, "-n", ns).out().contains(text),
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
  }

  @Test
  void followShowsLinesWhileTheContainerRunsAndReturnsWhenItExits() throws Exception {
    runPod("ticker", "Never", "sleep 2; for i in 1 2 3 4 5 6; do echo tick-$i; sleep 1; done");
    Eventually.await(
        Duration.ofSeconds(240),
        "ticker running",
        () -> Kubectl.jsonpath(ns, "pod/ticker", "{.status.phase}").equals("Running"),
        hpk::logTail);
    Process follow =
        new ProcessBuilder(
                Lab.KUBECTL,
                "--kubeconfig",
                Lab.ADMIN_KUBECONFIG.toString(),
                "logs",
                "-f",
                "ticker",
                "-n",
                ns)
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    String phaseAtFirstTick = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (lines.isEmpty()) {
          phaseAtFirstTick = Kubectl.jsonpath(ns, "pod/ticker", "{.status.phase}");
        }
        lines.add(line);
      }
    }
    assertThat(follow.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(follow.exitValue()).isZero();
    assertThat(phaseAtFirstTick).isEqualTo("Running");
    assertThat(lines).containsExactly("tick-1", "tick-2", "tick-3", "tick-4", "tick-5", "tick-6");
  }

  @Test
  void tailTimestampsLimitBytesAndSinceSelectAsKubectlDocuments() throws Exception {
    runPod(
        "lines", "Never", "for i in 1 2 3 4 5; do echo a$i; done; sleep 8; echo late; sleep 3600");
    awaitLog("lines", "late");

    assertThat(Kubectl.run("logs", "lines", "-n", ns, "--tail=2")).isEqualTo("a5\nlate");
    assertThat(Kubectl.run("logs", "lines", "-n", ns, "--limit-bytes=5")).isEqualTo("a1\na2");
    assertThat(Kubectl.run("logs", "lines", "-n", ns, "--since=4s")).isEqualTo("late");
    List<String> stamped =
        Kubectl.run("logs", "lines", "-n", ns, "--timestamps", "--tail=3").lines().toList();
    assertThat(stamped).hasSize(3);
    assertThat(stamped)
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z \\S+"));
    assertThat(stamped.get(2)).endsWith(" late");
  }

  @Test
  void previousShowsTheRunBeforeTheRestartAndIsAnErrorWithoutOne() {
    runPod(
        "restarter",
        "Always",
        "n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo run-$n;"
            + " if [ $n -ge 2 ]; then sleep 3600; fi; exit 1");
    Eventually.await(
        Duration.ofSeconds(240),
        "restarter in its second run",
        () -> Kubectl.tryRun("logs", "restarter", "-n", ns).out().contains("run-2"),
        () -> Kubectl.tryRun("describe", "pod", "restarter", "-n", ns).out() + hpk.logTail());

    assertThat(Kubectl.run("logs", "restarter", "-n", ns, "--previous")).isEqualTo("run-1");
    assertThat(Kubectl.run("logs", "restarter", "-n", ns)).isEqualTo("run-2");

    runPod("once", "Never", "echo only; sleep 3600");
    awaitLog("once", "only");
    Kubectl.Result none = Kubectl.tryRun("logs", "once", "-n", ns, "--previous");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.out()).contains("previous terminated container \"main\"");
  }
}
