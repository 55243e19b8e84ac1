package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Services are headless and pods find each other, and the site's names, through CoreDNS. */
@Timeout(900)
class ServicesDnsIT {

  private static final String NS = "e2e-dns-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private static Path config;
  private static HpkProcess hpk;

  @BeforeAll
  static void startHpk() throws Exception {
    config = Files.createTempFile("hpk-dns-", ".yaml");
    Files.writeString(config, Files.readString(Lab.HPK_CONFIG));
    hpk =
        HpkProcess.start(
            "services-dns",
            List.of("--config", config.toString()),
            Map.of("HPK_NODE_NAME", HpkLab.NODE));
    Eventually.await(
        Duration.ofSeconds(120),
        "HPK started",
        () -> hpk.logTail().contains("role kubelet started"),
        hpk::logTail);
    Kubectl.run("create", "namespace", NS);
  }

  @AfterAll
  static void stopHpk() throws Exception {
    Kubectl.tryRun("delete", "namespace", NS, "--timeout=120s");
    if (hpk != null) {
      assertThat(hpk.terminate()).isZero();
    }
    Files.deleteIfExists(config);
  }

  @Test
  void clusterIpServiceComesOutHeadlessAndExternalNameStays() {
    Kubectl.run("create", "service", "clusterip", "plain", "-n", NS, "--tcp=80:80");
    Kubectl.run(
        "create",
        "service",
        "externalname",
        "outside",
        "-n",
        NS,
        "--external-name=files.site.test");

    assertThat(Kubectl.jsonpath(NS, "service/plain", "{.spec.clusterIP}")).isEqualTo("None");
    assertThat(Kubectl.jsonpath(NS, "service/outside", "{.spec.type}")).isEqualTo("ExternalName");
    assertThat(Kubectl.jsonpath(NS, "service/outside", "{.spec.externalName}"))
        .isEqualTo("files.site.test");
  }

  @Test
  void deploymentBehindAServiceAnswersByNameFromBothBackends() {
    Kubectl.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: %1$s}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: httpd
                image: %2$s
                command: ["sh", "-c", "mkdir -p /tmp/www && ip -4 -o addr show eth0 | awk '{print $4}' > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: %1$s}
        spec:
          selector: {app: web}
          ports: [{port: 8080, targetPort: 8080}]
        """
            .formatted(NS, IMAGE));
    Eventually.await(
        Duration.ofSeconds(240),
        "2 web pods Ready behind the Service",
        () -> Kubectl.jsonpath(NS, "deployment/web", "{.status.readyReplicas}").equals("2"),
        hpk::logTail);

    // A client's getaddrinfo (glibc: RFC 6724 rule 9) always prefers the answer whose address
    // shares the longest prefix with its own, whatever order CoreDNS rotates them into; so by name
    // one client reaches one backend, and the spread shows in the rotated first answer.
    String out =
        runClient(
            "client",
            "for i in $(seq 1 20); do echo \"fqdn $(timeout 3 wget -qO- http://web."
                + NS
                + ".svc.cluster.local:8080/)\"; echo \"short $(timeout 3 wget -qO- http://web:8080/)\";"
                + " first=$(nslookup web | awk '$1 == \"Address:\" && $2 !~ /:/ {print $2; exit}');"
                + " echo \"first $(timeout 3 wget -qO- http://$first:8080/)\"; done");

    assertThat(out.lines().filter(l -> l.matches("(fqdn|short) 10\\.244\\..*")))
        .as("every request by name answered in:\n%s", out)
        .hasSize(40);
    Set<String> backends =
        new HashSet<>(out.lines().filter(l -> l.startsWith("first 10.244.")).toList());
    assertThat(backends).as("answers from both pods in:\n%s", out).hasSize(2);
  }

  @Test
  void podWhoseReadinessProbeFailsLeavesTheDnsAnswerAndComesBack() throws Exception {
    Path flag = Files.createDirectories(Path.of("/tmp", "hpk-e2e-" + NS)).resolve("ready");
    Files.writeString(flag, "yes");
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: flip, namespace: %1$s}
        spec:
          clusterIP: None
          selector: {app: flip}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: steady, namespace: %1$s, labels: {app: flip}}
        spec:
          terminationGracePeriodSeconds: 2
          containers:
          - {name: main, image: %2$s, command: ["sleep", "3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: flipper, namespace: %1$s, labels: {app: flip}}
        spec:
          terminationGracePeriodSeconds: 2
          volumes:
          - {name: flag, hostPath: {path: %3$s, type: Directory}}
          containers:
          - name: main
            image: %2$s
            command: ["sleep", "3600"]
            volumeMounts: [{name: flag, mountPath: /flag}]
            readinessProbe:
              exec: {command: ["cat", "/flag/ready"]}
              periodSeconds: 1
              failureThreshold: 1
        """
            .formatted(NS, IMAGE, flag.getParent()));
    Eventually.await(
        Duration.ofSeconds(180),
        "flipper Ready",
        () -> podReady("flipper") && podReady("steady"),
        hpk::logTail);
    String flipper = Kubectl.jsonpath(NS, "pod/flipper", "{.status.podIP}");
    String steady = Kubectl.jsonpath(NS, "pod/steady", "{.status.podIP}");
    awaitAnswer("flip", answer -> answer.contains(flipper) && answer.contains(steady));

    Files.delete(flag);
    Eventually.await(
        Duration.ofSeconds(60), "flipper not Ready", () -> !podReady("flipper"), hpk::logTail);
    assertThat(Kubectl.jsonpath(NS, "pod/flipper", "{.status.phase}")).isEqualTo("Running");
    awaitAnswer("flip", answer -> !answer.contains(flipper) && answer.contains(steady));

    Files.writeString(flag, "yes");
    Eventually.await(
        Duration.ofSeconds(60), "flipper Ready again", () -> podReady("flipper"), hpk::logTail);
    awaitAnswer("flip", answer -> answer.contains(flipper) && answer.contains(steady));
    assertThat(Kubectl.jsonpath(NS, "pod/flipper", "{.status.containerStatuses[0].restartCount}"))
        .isEqualTo("0");
    Files.deleteIfExists(flag);
    Files.deleteIfExists(flag.getParent());
  }

  @Test
  void livenessFailureRestartsTheContainerOnceTheStartupProbeHasPassed() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: wilting, namespace: %1$s}
        spec:
          terminationGracePeriodSeconds: 2
          containers:
          - name: httpd
            image: %2$s
            command: ["sh", "-c", "sleep 3; mkdir -p /tmp/www; echo ok > /tmp/www/index.html; (sleep 8; rm /tmp/www/index.html) & exec httpd -f -p 8080 -h /tmp/www"]
            ports: [{name: http, containerPort: 8080}]
            startupProbe:
              tcpSocket: {port: http}
              periodSeconds: 1
              failureThreshold: 30
            livenessProbe:
              httpGet: {path: /index.html, port: 8080}
              periodSeconds: 1
              failureThreshold: 2
        """
            .formatted(NS, IMAGE));
    Eventually.await(
        Duration.ofSeconds(180),
        "wilting started and Ready",
        () -> podReady("wilting"),
        hpk::logTail);
    assertThat(Kubectl.jsonpath(NS, "pod/wilting", "{.status.containerStatuses[0].started}"))
        .isEqualTo("true");

    Eventually.await(
        Duration.ofSeconds(120),
        "wilting restarted by its liveness probe",
        () ->
            !Kubectl.jsonpath(NS, "pod/wilting", "{.status.containerStatuses[0].restartCount}")
                    .equals("0")
                && podReady("wilting"),
        hpk::logTail);
    assertThat(
            Kubectl.jsonpath(
                NS, "pod/wilting", "{.status.containerStatuses[0].lastState.terminated.exitCode}"))
        .isIn("137", "143");
  }

  private static boolean podReady(String pod) {
    return Kubectl.jsonpath(NS, "pod/" + pod, "{.status.conditions[?(@.type==\"Ready\")].status}")
        .equals("True");
  }

  /** Waits until a client pod's lookup of the Service's name satisfies the check. */
  private static void awaitAnswer(String service, java.util.function.Predicate<String> check) {
    Eventually.await(
        Duration.ofSeconds(60),
        "DNS answer for " + service,
        () ->
            check.test(
                runClient(
                    "lookup-" + UUID.randomUUID().toString().substring(0, 6),
                    "nslookup " + service + " || true")),
        hpk::logTail);
  }

  @Test
  void statefulSetPodsResolveByTheirOwnNames() {
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: %1$s}
        spec:
          clusterIP: None
          selector: {app: db}
          ports: [{port: 80}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: %1$s}
        spec:
          serviceName: db
          replicas: 2
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - {name: main, image: %2$s, command: ["sleep", "3600"]}
        """
            .formatted(NS, IMAGE));
    Eventually.await(
        Duration.ofSeconds(300),
        "db-0 and db-1 Ready",
        () -> Kubectl.jsonpath(NS, "statefulset/db", "{.status.readyReplicas}").equals("2"),
        hpk::logTail);
    String ip = Kubectl.jsonpath(NS, "pod/db-0", "{.status.podIP}");

    String out =
        runClient("resolver", "nslookup db-0.db." + NS + ".svc.cluster.local; nslookup db-0.db");

    assertThat(out).contains(ip);
  }

  @Test
  void siteNamesResolveThroughTheConfiguredUpstreamWhichChangesWithoutARestart() throws Exception {
    assertThat(runClient("site-a", "nslookup files.site.test")).contains("192.0.2.10");

    Files.writeString(
        config,
        Files.readString(config).replace("upstream: 127.0.0.1:5353", "upstream: 127.0.0.1:5354"));

    Eventually.await(
        Duration.ofSeconds(60),
        "CoreDNS forwards to the second site DNS",
        () ->
            runClient(
                    "site-b-" + UUID.randomUUID().toString().substring(0, 4),
                    "nslookup files.site.test")
                .contains("192.0.2.20"),
        hpk::logTail);
  }

  /** Runs a one-off pod with the script and returns its log. */
  private static String runClient(String name, String script) {
    new TestNamespace(NS).runPod(name, IMAGE, List.of("sh", "-c", script));
    Eventually.await(
        Duration.ofSeconds(180),
        name + " finished",
        () ->
            List.of("Succeeded", "Failed")
                .contains(Kubectl.jsonpath(NS, "pod/" + name, "{.status.phase}")),
        hpk::logTail);
    return Kubectl.run("logs", name, "-n", NS);
  }
}
