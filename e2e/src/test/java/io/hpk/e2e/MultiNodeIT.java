package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab is a cluster of several compute nodes: a Deployment's pods are Slurm jobs on different
 * nodes, reach each other across nodes by pod IP and by Service name, and the login node's API
 * server; exec, logs -f, port-forward and top reach each of them on its node; and their containers,
 * uid 0 inside, are the HPC user's processes on the node.
 */
@Timeout(600)
class MultiNodeIT extends LabTest {

  private static final int REPLICAS = 3;
  private static final String LOGIN_NODE = "10.250.0.1";
  private static final Pattern JOB_ID = Pattern.compile("apptainer://(\\d+)/");

  /** Pod name to the compute node its job runs on. */
  private static final Map<String, String> NODES = new LinkedHashMap<>();

  /** Pod name to its pod IP. */
  private static final Map<String, String> IPS = new LinkedHashMap<>();

  @BeforeAll
  static void spreadDeployment() {
    Kubectl.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spread, namespace: %1$s}
        spec:
          replicas: %3$d
          selector: {matchLabels: {app: spread}}
          template:
            metadata: {labels: {app: spread}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: web
                image: %2$s
                command: ["sh", "-c", "mkdir -p /tmp/www && echo \\"pod `hostname`\\" > /tmp/www/index.html && echo \\"serving as `hostname`\\" && exec httpd -f -p 8080 -h /tmp/www"]
                readinessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 1
        """
            .formatted(ns, IMAGE, REPLICAS));
    Eventually.await(
        Duration.ofSeconds(240),
        REPLICAS + " pods of the Deployment Ready",
        () ->
            Kubectl.jsonpath(ns, "deployment/spread", "{.status.readyReplicas}")
                .equals(Integer.toString(REPLICAS)),
        hpk::logTail);
    // Created once HPK has long been up, so its headless-service webhook is in place.
    Kubectl.apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: spread, namespace: %s}
        spec:
          selector: {app: spread}
          ports: [{port: 8080, targetPort: 8080}]
        """
            .formatted(ns));
    assertThat(Kubectl.jsonpath(ns, "service/spread", "{.spec.clusterIP}")).isEqualTo("None");
    String pods =
        Kubectl.run(
            "get",
            "pods",
            "-n",
            ns,
            "-l",
            "app=spread",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.status.podIP}"
                + " {.status.containerStatuses[0].containerID}{\"\\n\"}{end}");
    for (String line : pods.lines().toList()) {
      String[] fields = line.trim().split(" ");
      Matcher job = JOB_ID.matcher(fields[2]);
      assertThat(job.find()).as("job id in %s", line).isTrue();
      NODES.put(fields[0], Slurm.nodeOfJob(job.group(1)));
      IPS.put(fields[0], fields[1]);
    }
  }

  @Test
  void podsOfOneDeploymentRunOnDifferentComputeNodes() {
    assertThat(NODES).hasSize(REPLICAS);
    assertThat(NODES.values()).allMatch(node -> node.matches("c[0-9]+"), "a compute node cN");
    assertThat(new HashSet<>(NODES.values())).as("nodes of %s", NODES).hasSizeGreaterThan(1);
    assertThat(IPS.values())
        .allMatch(ip -> ip.matches("10\\.244\\.[0-9]+\\.[0-9]+"), "a pod-network address");
  }

  @Test
  void everyPodReachesThePodsOnOtherNodesByIpAndTheServiceByName() {
    for (String from : NODES.keySet()) {
      for (String to : NODES.keySet()) {
        if (NODES.get(from).equals(NODES.get(to))) {
          continue;
        }
        String answer = exec(from, "wget", "-qO-", "http://" + IPS.get(to) + ":8080/");
        assertThat(answer)
            .as("%s on %s -> %s on %s", from, NODES.get(from), to, NODES.get(to))
            .isEqualTo("pod " + to);
      }
      assertThat(exec(from, "wget", "-qO-", "http://spread:8080/")).startsWith("pod spread-");
    }
  }

  @Test
  void everyPodReachesTheApiServerOnTheLoginNode() {
    for (String pod : NODES.keySet()) {
      assertThat(exec(pod, "sh", "-c", "nc -w 5 " + LOGIN_NODE + " 6443 < /dev/null && echo open"))
          .as("%s on %s -> %s:6443", pod, NODES.get(pod), LOGIN_NODE)
          .isEqualTo("open");
    }
  }

  @Test
  void execAndLogsReachEveryPodOnItsNode() throws Exception {
    for (String pod : NODES.keySet()) {
      assertThat(exec(pod, "cat", "/tmp/www/index.html")).isEqualTo("pod " + pod);
      assertThat(Kubectl.run("logs", "-n", ns, pod)).contains("serving as " + pod);
      Process follow = Kubectl.background("logs", "-f", "-n", ns, pod);
      try {
        assertThat(firstLine(follow)).isEqualTo("serving as " + pod);
        assertThat(follow.isAlive()).as("logs -f of %s still follows", pod).isTrue();
      } finally {
        follow.destroy();
        follow.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void containersAreUidZeroInsideAndTheHpcUserOnTheNode() throws Exception {
    String user = System.getProperty("user.name");
    assertThat(user).as("the HPC user runs the tests").isNotEqualTo("root");
    for (String pod : NODES.keySet()) {
      assertThat(exec(pod, "id", "-u")).isEqualTo("0");
      long pid = Long.parseLong(Files.readString(lab.podDir(pod).containerPid("web")).trim());
      ProcessHandle container = ProcessHandle.of(pid).orElseThrow();
      List<String> owners = new ArrayList<>();
      owners.add(container.info().user().orElse("?"));
      container.descendants().forEach(p -> owners.add(p.info().user().orElse("?")));
      assertThat(owners)
          .as("owners of pod %s's container processes (pid %d) on %s", pod, pid, NODES.get(pod))
          .hasSizeGreaterThan(1)
          .containsOnly(user);
    }
  }

  @Test
  void topShowsEveryPodOnItsNode() {
    AtomicReference<String> top = new AtomicReference<>("");
    Eventually.await(
        Duration.ofSeconds(150),
        "kubectl top pod to show every pod of the Deployment",
        () -> {
          top.set(Kubectl.tryRun("top", "pod", "-n", ns, "--no-headers").out());
          return NODES.keySet().stream().allMatch(pod -> showsUsage(top.get(), pod));
        },
        () -> "last: " + top.get());
  }

  /** A line of kubectl top for the pod with its CPU and a non-zero memory. */
  private static boolean showsUsage(String top, String pod) {
    return Pattern.compile("(?m)^" + pod + "\\s+\\d+m\\s+[1-9]\\d*Mi").matcher(top).find();
  }

  @Test
  void portForwardReachesAPodOnEveryNode() throws Exception {
    Set<String> seen = new HashSet<>();
    List<String> viaForward = new ArrayList<>();
    for (Map.Entry<String, String> pod : NODES.entrySet()) {
      if (seen.add(pod.getValue())) {
        viaForward.add(pod.getKey() + "=" + forwardAndGet(pod.getKey()));
      }
    }
    assertThat(viaForward)
        .allMatch(entry -> entry.endsWith("=pod " + entry.substring(0, entry.indexOf('='))));
  }

  private static String exec(String pod, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", "-n", ns, pod, "--"));
    args.addAll(List.of(command));
    // Only the command's output: kubectl's own log lines (stderr) are not what the pod said.
    return Kubectl.stdout(args.toArray(String[]::new)).trim();
  }

  private static String forwardAndGet(String pod) throws Exception {
    Process forward = Kubectl.background("port-forward", "-n", ns, "pod/" + pod, ":8080");
    try {
      String line = firstLine(forward);
      Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+) ->").matcher(line);
      assertThat(port.find()).as(line).isTrue();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body().trim();
    } finally {
      forward.destroy();
      forward.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** kubectl port-forward's first line names the local port. */
  private static String firstLine(Process process) throws Exception {
    String line =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    return line == null ? "(kubectl port-forward printed nothing)" : line;
  }
}
