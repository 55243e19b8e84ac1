package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** A test's namespace and what kubectl says of the pods in it. */
record TestNamespace(String name) {

  /** Creates a pod of one container "main" that runs the command once (restartPolicy Never). */
  void runPod(String pod, String image, List<String> command) {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - {name: main, image: %s, command: %s}
        """
            .formatted(pod, name, image, new JsonArray(command).encode()));
  }

  String phase(String pod) {
    return Kubectl.jsonpath(name, "pod/" + pod, "{.status.phase}");
  }

  /** The pod's UID; the test fails when the pod does not exist. */
  String uid(String pod) {
    String uid = uidOrEmpty(pod);
    assertThat(uid).as("uid of %s", pod).isNotEmpty();
    return uid;
  }

  /** The pod's UID, or "" once it is gone. */
  String uidOrEmpty(String pod) {
    return Kubectl.jsonpath(name, "pod/" + pod, "{.metadata.uid}");
  }

  /** The reasons of the pod's events, space-separated; with a type, only that type's. */
  String eventReasons(String pod, String type) {
    return events("involvedObject.name=" + pod + (type.isEmpty() ? "" : ",type=" + type), "reason");
  }

  /** The messages of the pod's events with this reason, space-separated. */
  String eventMessages(String pod, String reason) {
    return events("involvedObject.name=" + pod + ",reason=" + reason, "message");
  }

  private String events(String selector, String field) {
    return Kubectl.tryRun(
            "get",
            "events",
            "-n",
            name,
            "--field-selector",
            selector,
            "-o",
            "jsonpath={.items[*]." + field + "}")
        .out()
        .trim();
  }

  void awaitPhase(String pod, String phase, Duration limit, Supplier<String> diagnostics) {
    Eventually.await(
        limit,
        pod + " " + phase,
        () -> phase(pod).equals(phase),
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", name).out() + diagnostics.get());
  }
}
