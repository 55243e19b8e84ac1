package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generated pod specs through the real API server: odd names and values, unicode, huge fields,
 * every volume kind, wrong types. HPK never stops, and every pod the API server takes ends Running,
 * Succeeded, Failed after its container ran, or with a Warning that names the cause. The seed is
 * fixed (-Dhpk.fuzz.seed=N tries others) so a failure can be replayed.
 */
@Timeout(900)
class PodFuzzIT {

  private static final int PODS = 40;
  private static final Duration SETTLE = Duration.ofSeconds(300);
  private final String ns = "e2e-fuzz-" + UUID.randomUUID().toString().substring(0, 6);
  private final TestNamespace pods = new TestNamespace(ns);

  @AfterEach
  void cleanUp() {
    Kubectl.tryRun("delete", "namespace", ns, "--wait=false");
  }

  @Test
  void everyGeneratedPodEndsInAStateThatSaysWhy() throws Exception {
    long seed = Long.getLong("hpk.fuzz.seed", 20261203L);
    FuzzedPods generator = new FuzzedPods(new java.util.Random(seed), ns);
    Kubectl.run("create", "namespace", ns);
    Kubectl.apply(generator.configMap());
    Map<String, String> accepted = new LinkedHashMap<>();
    List<String> refusedByApiServer = new ArrayList<>();
    try (HpkProcess hpk = HpkLab.start("fuzz")) {
      for (int i = 0; i < PODS; i++) {
        FuzzedPods.Spec spec = generator.next(i);
        Kubectl.Result created = Kubectl.applyResult(spec.json());
        if (created.exitCode() == 0) {
          accepted.put(spec.name(), spec.description());
        } else {
          refusedByApiServer.add(spec.description());
        }
      }
      assertThat(accepted)
          .as("the API server takes most generated pods")
          .hasSizeGreaterThan(PODS / 2);

      Eventually.await(
          SETTLE,
          "every accepted pod Running, Succeeded, Failed after running, or with a Warning",
          () -> accepted.keySet().stream().allMatch(this::settled),
          () -> unsettled(accepted) + "\n" + hpk.logTail());
      assertThat(hpk.isAlive()).as("HPK still runs").isTrue();
      assertThat(Kubectl.nodeReady(HpkLab.NODE)).isEqualTo("True");
      Map<String, Integer> outcomes = new java.util.TreeMap<>();
      accepted.keySet().forEach(pod -> outcomes.merge(outcome(pod), 1, Integer::sum));
      System.out.printf(
          "fuzz seed %d: %d pods accepted and settled %s, %d refused by the API server%n",
          seed, accepted.size(), outcomes, refusedByApiServer.size());
      assertThat(hpk.terminate()).isZero();
    }
  }

  private boolean settled(String pod) {
    String phase = Kubectl.jsonpath(ns, "pod/" + pod, "{.status.phase}");
    if (phase.equals("Running") || phase.equals("Succeeded")) {
      return true;
    }
    if (phase.equals("Failed")
        && !Kubectl.jsonpath(
                ns, "pod/" + pod, "{.status.containerStatuses[*].state.terminated.reason}")
            .isEmpty()) {
      return true;
    }
    return !pods.eventReasons(pod, "Warning").isEmpty();
  }

  /** The pod's phase, or the reason of its first Warning when it has one. */
  private String outcome(String pod) {
    String warnings = pods.eventReasons(pod, "Warning");
    return warnings.isEmpty()
        ? Kubectl.jsonpath(ns, "pod/" + pod, "{.status.phase}")
        : warnings.split(" ")[0];
  }

  private String unsettled(Map<String, String> accepted) {
    StringBuilder out = new StringBuilder();
    accepted.forEach(
        (pod, description) -> {
          if (!settled(pod)) {
            out.append(pod)
                .append(" (")
                .append(description)
                .append("): ")
                .append(Kubectl.tryRun("describe", "pod", pod, "-n", ns).out())
                .append('\n');
          }
        });
    return out.toString();
  }
}
