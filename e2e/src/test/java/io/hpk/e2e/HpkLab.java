package io.hpk.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One HPK JVM with all roles against the lab, as `make run` starts it, for a test class. */
final class HpkLab {

  static final String NODE = "hpk-kubelet";

  private HpkLab() {}

  static HpkProcess start(String name) throws Exception {
    return start(name, Map.of());
  }

  /** With further configuration as environment variables ({@code HPK_…}). */
  static HpkProcess start(String name, Map<String, String> config) throws Exception {
    Map<String, String> env = new HashMap<>(config);
    env.put("HPK_NODE_NAME", NODE);
    HpkProcess hpk = HpkProcess.start(name, List.of("--config", Lab.HPK_CONFIG.toString()), env);
    Eventually.await(
        Duration.ofSeconds(120),
        "node " + NODE + " Ready",
        () -> Kubectl.nodeReady(NODE).equals("True"),
        hpk::logTail);
    return hpk;
  }
}
