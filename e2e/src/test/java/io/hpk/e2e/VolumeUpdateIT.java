package io.hpk.e2e;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running pod sees its ConfigMaps and Secrets change in its volumes, as on a kubelet: operators
 * and their webhooks (certificates written into a Secret) rely on it.
 */
@Timeout(600)
class VolumeUpdateIT extends LabTest {

  @Test
  void changedConfigMapAndSecretKeysReachTheRunningContainer() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: %1$s}
        data: {level: one}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: %1$s}
        stringData: {password: first}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: watcher, namespace: %1$s}
        spec:
          restartPolicy: Never
          volumes:
          - {name: settings, configMap: {name: settings}}
          - name: both
            projected:
              sources:
              - secret: {name: creds}
          containers:
          - name: main
            image: %2$s
            command: ["sh", "-c"]
            args:
            - while true; do
                echo "level=$(cat /etc/settings/level) password=$(cat /etc/both/password)";
                sleep 1;
              done
            volumeMounts:
            - {name: settings, mountPath: /etc/settings}
            - {name: both, mountPath: /etc/both}
        """
            .formatted(ns, IMAGE));
    new TestNamespace(ns).awaitPhase("watcher", "Running", Duration.ofSeconds(180), hpk::logTail);
    awaitLog("level=one password=first");

    long patched = System.nanoTime();
    Kubectl.run("patch", "configmap", "settings", "-n", ns, "-p", "{\"data\":{\"level\":\"two\"}}");
    Kubectl.run(
        "patch", "secret", "creds", "-n", ns, "-p", "{\"stringData\":{\"password\":\"second\"}}");

    awaitLog("level=two password=second");
    System.out.printf(
        "the container read the changed keys %.1f s after the patches%n",
        (System.nanoTime() - patched) / 1e9);
  }

  private static void awaitLog(String line) {
    Eventually.await(
        Duration.ofSeconds(120),
        "watcher logs " + line,
        () -> Kubectl.tryRun("logs", "watcher", "-n", ns, "--tail=3").out().contains(line),
        hpk::logTail);
  }
}
