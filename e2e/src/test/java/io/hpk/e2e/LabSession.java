package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What a test class runs against: one HPK JVM with all roles, as `make run` starts it, and a
 * namespace of its own. Closing deletes the namespace (HPK stops its pods' jobs) and then stops
 * HPK, which must exit 0.
 */
final class LabSession {

  private final HpkProcess hpk;
  private final String namespace;

  private LabSession(HpkProcess hpk, String namespace) {
    this.hpk = hpk;
    this.namespace = namespace;
  }

  static LabSession open(String name) throws Exception {
    return open(name, Map.of());
  }

  /** With HPK started with further configuration as environment variables ({@code HPK_…}). */
  static LabSession open(String name, Map<String, String> config) throws Exception {
    HpkProcess hpk = HpkLab.start(name, config);
    String namespace = "e2e-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
    Kubectl.run("create", "namespace", namespace);
    return new LabSession(hpk, namespace);
  }

  HpkProcess hpk() {
    return hpk;
  }

  String namespace() {
    return namespace;
  }

  /** A jsonpath query on a pod of this session's namespace; "" when the pod does not exist. */
  String podField(String pod, String path) {
    return Kubectl.jsonpath(namespace, "pod/" + pod, path);
  }

  /** A pod's directory on the shared filesystem, the one channel between HPK and the pod's job. */
  PodDirectory podDir(String pod) {
    return PodDirectory.of(
        Lab.STATE.resolve("pods"), namespace, pod, podField(pod, "{.metadata.uid}"));
  }

  /** The log file of a pod's container in its pod directory. */
  Path logFile(String pod, String container) {
    return podDir(pod).containerLog(container);
  }

  void close() throws InterruptedException {
    Kubectl.tryRun("delete", "namespace", namespace, "--timeout=120s");
    assertThat(hpk.terminate()).as("HPK's exit code after SIGTERM").isZero();
  }
}
