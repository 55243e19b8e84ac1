package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fast subset of Kubernetes' own node conformance tests (deploy/conformance, the upstream e2e
 * framework and specs at the lab's version) against HPK: {@code make conformance} runs them all.
 */
@Timeout(1200)
class NodeConformanceIT {

  /** Upstream spec names (regular expressions), each a behaviour users rely on. */
  static final List<String> FAST_SUBSET =
      List.of(
          "Containers should use the image defaults if command and args are blank",
          "Containers should be able to override the image's default command and arguments",
          "Pods should get a host IP",
          "Variable Expansion should allow composing env vars into new env vars",
          "Downward API should provide pod name, namespace and IP address as env vars",
          "Kubelet when scheduling a busybox command in a pod should print the output to logs",
          "InitContainer .*should invoke init containers on a RestartNever pod",
          "Container Lifecycle Hook .*should execute poststart exec hook properly",
          "Container Runtime .*should report termination message from log output if"
              + " TerminationMessagePolicy FallbackToLogsOnError is set",
          "Ephemeral Containers .*will start an ephemeral container in an existing pod",
          "Ephemeral Containers .*should update the ephemeral containers in an existing pod",
          "Container Runtime .*should report termination message if TerminationMessagePath is set"
              + " as non-root user and at a non-default path",
          "InitContainer .*should not start app containers if init containers fail on a"
              + " RestartAlways pod",
          "Pods should support pod readiness gates",
          "Security Context When creating a pod with privileged .*should run the container as"
              + " unprivileged when false");

  private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed");

  @Test
  void theFastSubsetPasses() throws Exception {
    Path reports = Path.of("target/conformance").toAbsolutePath();
    ProcessBuilder run =
        new ProcessBuilder("../deploy/conformance/run.sh", Lab.HPK_JAR.toAbsolutePath().toString())
            .redirectErrorStream(true);
    run.environment().put("FOCUS", String.join("|", FAST_SUBSET));
    run.environment().put("REPORT_DIR", reports.toString());
    String out = output(run.start());
    Matcher summary = SUMMARY.matcher(out);
    assertThat(summary.find()).as(out).isTrue();
    assertThat(summary.group(2)).as(out + details(reports)).isEqualTo("0");
    assertThat(Integer.parseInt(summary.group(1))).as(out).isEqualTo(FAST_SUBSET.size());
  }

  private static String output(Process process) throws IOException, InterruptedException {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** The failures' part of the suite's log, for the assertion message. */
  private static String details(Path reports) throws IOException {
    Path log = reports.resolve("e2e.log");
    if (!Files.exists(log)) {
      return "";
    }
    return "\n"
        + Files.readAllLines(log).stream()
            .filter(line -> line.contains("[FAILED]") || line.contains("FAIL"))
            .distinct()
            .limit(40)
            .reduce("", (a, b) -> a + b + "\n");
  }
}
