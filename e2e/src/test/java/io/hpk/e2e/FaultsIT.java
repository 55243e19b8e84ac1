package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults of the real lab while pods run: slurmctld down, the API server down, HPK killed in a
 * burst. Afterwards every pod shows its real state and has exactly one Slurm job.
 */
@Timeout(900)
class FaultsIT {

  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private final String ns = "e2e-faults-" + UUID.randomUUID().toString().substring(0, 6);
  private final TestNamespace pods = new TestNamespace(ns);

  @BeforeEach
  void createNamespace() {
    Kubectl.run("create", "namespace", ns);
  }

  @AfterEach
  void cleanUp() {
    Kubectl.tryRun("delete", "namespace", ns, "--wait=false");
  }

  /**
   * With slurmctld down, a running pod stays Running, a new pod stays Pending (not Failed), a
   * deleted pod waits for its job to be cancelled; all carry an event saying Slurm is not
   * answering. Once it is back, the new pod runs, the deleted one's job is cancelled, and no pod
   * has a second job.
   */
  @Test
  void podsOutliveASlurmctldOutage() throws Exception {
    try (HpkProcess hpk = HpkLab.start("faults-slurmctld")) {
      Kubectl.apply(pod("steady", "sleep 3600"));
      Kubectl.apply(pod("doomed", "sleep 3600"));
      awaitPhase(hpk, "steady", "Running");
      awaitPhase(hpk, "doomed", "Running");
      String doomedUid = pods.uid("doomed");

      LabFaults.stopSlurmctld();
      try {
        Kubectl.apply(pod("during", "echo done"));
        Kubectl.run("delete", "pod", "doomed", "-n", ns, "--wait=false");
        awaitWarning(hpk, "during", "SlurmUnavailable");
        awaitWarning(hpk, "steady", "SlurmUnreachable");
        assertThat(pods.phase("steady")).isEqualTo("Running");
        assertThat(pods.phase("during")).isEqualTo("Pending");
        assertThat(pods.uidOrEmpty("doomed"))
            .as("deleted, but its job is not cancelled yet")
            .isNotEmpty();
      } finally {
        LabFaults.startSlurmctld();
      }

      awaitPhase(hpk, "during", "Succeeded");
      Eventually.await(
          Duration.ofSeconds(120),
          "doomed's job cancelled and the pod removed",
          () -> Slurm.activeJobsOfPod(doomedUid).isEmpty() && pods.uidOrEmpty("doomed").isEmpty(),
          hpk::logTail);
      assertThat(Slurm.allJobsOfPod(pods.uid("steady"))).hasSize(1);
      assertThat(Slurm.allJobsOfPod(pods.uid("during"))).hasSize(1);
      assertThat(pods.phase("steady")).isEqualTo("Running");
      assertThat(pods.eventReasons("steady", "")).contains("SlurmReachable");
      assertThat(hpk.terminate()).isZero();
    }
  }

  /**
   * The compute node under a Job's pod stops (its slurmd gone): the pod fails with NodeFailure
   * instead of staying Running, Slurm does not run it again, and the Job controller's replacement
   * runs on another node.
   */
  @Test
  void aPodOnANodeThatDiesFailsAndIsReplaced() throws Exception {
    try (HpkProcess hpk = HpkLab.start("faults-slurmd")) {
      Kubectl.apply(
          """
          apiVersion: batch/v1
          kind: Job
          metadata: {name: survivor, namespace: %s}
          spec:
            backoffLimit: 2
            template:
              spec:
                restartPolicy: Never
                terminationGracePeriodSeconds: 2
                containers:
                - name: main
                  image: %s
                  command: ["sleep", "3600"]
                  resources: {requests: {cpu: "100m"}}
          """
              .formatted(ns, IMAGE));
      Eventually.await(
          Duration.ofSeconds(240),
          "the Job's pod Running",
          () -> jobPods("Running").size() == 1,
          hpk::logTail);
      String first = jobPods("Running").get(0);
      String firstUid = pods.uid(first);
      List<String> jobs = Slurm.allJobsOfPod(firstUid);
      assertThat(jobs).hasSize(1);
      String node = Slurm.nodeOfJob(jobs.get(0));
      assertThat(node).matches("c[0-9]+");

      LabFaults.stopSlurmd(node);
      try {
        awaitPhase(hpk, first, "Failed");
        assertThat(Kubectl.jsonpath(ns, "pod/" + first, "{.status.reason}"))
            .isEqualTo("NodeFailure");
        Eventually.await(
            Duration.ofSeconds(240),
            "a replacement pod Running",
            () -> jobPods("Running").stream().anyMatch(p -> !p.equals(first)),
            hpk::logTail);
      } finally {
        LabFaults.startSlurmd(node);
      }
      assertThat(Slurm.allJobsOfPod(firstUid)).as("the failed pod's job ran once").hasSize(1);
      String replacement =
          jobPods("Running").stream().filter(p -> !p.equals(first)).findFirst().orElseThrow();
      assertThat(Slurm.nodeOfJob(Slurm.allJobsOfPod(pods.uid(replacement)).get(0)))
          .isNotEqualTo(node);
      assertThat(hpk.terminate()).isZero();
    }
  }

  private List<String> jobPods(String phase) {
    String names =
        Kubectl.run(
            "get",
            "pods",
            "-n",
            ns,
            "-l",
            "job-name=survivor",
            "--field-selector",
            "status.phase=" + phase,
            "-o",
            "jsonpath={.items[*].metadata.name}");
    return names.isBlank() ? List.of() : List.of(names.trim().split(" "));
  }

  /** A pod that ends while the API server is down shows its end once the API server is back. */
  @Test
  void aPodThatEndsDuringAnApiServerOutageShowsItsEnd() throws Exception {
    try (HpkProcess hpk = HpkLab.start("faults-apiserver")) {
      Kubectl.apply(pod("brief", "sleep 15; echo done"));
      awaitPhase(hpk, "brief", "Running");
      String briefUid = pods.uid("brief");

      LabFaults.stopApiServer();
      try {
        Eventually.await(
            Duration.ofSeconds(90),
            "brief's job ended while the API server is down",
            () -> Slurm.activeJobsOfPod(briefUid).isEmpty(),
            hpk::logTail);
        Thread.sleep(5_000);
      } finally {
        LabFaults.startApiServer();
      }

      awaitPhase(hpk, "brief", "Succeeded");
      assertThat(hpk.isAlive()).isTrue();
      assertThat(hpk.terminate()).isZero();
    }
  }

  /**
   * HPK killed (-9) while a burst of pods is being submitted, then started again: every pod runs to
   * its end with exactly one job.
   */
  @Test
  void aKillDuringABurstLeavesEveryPodExactlyOneJob() throws Exception {
    List<String> names = new ArrayList<>();
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      names.add("burst-" + i);
      burst.append(pod("burst-" + i, "echo done")).append("---\n");
    }
    try (HpkProcess first = HpkLab.start("faults-burst-first")) {
      Kubectl.apply(burst.toString());
      List<String> uids = names.stream().map(pods::uid).toList();
      Eventually.await(
          Duration.ofSeconds(120),
          "the first pod of the burst submitted",
          () -> Slurm.podsWithJobs(uids) >= 1,
          first::logTail);
      first.kill();
      System.out.printf(
          "killed HPK with %d of %d pods submitted%n", Slurm.podsWithJobs(uids), uids.size());
    }
    try (HpkProcess second = HpkLab.start("faults-burst-second")) {
      for (String name : names) {
        awaitPhase(second, name, "Succeeded");
      }
      for (String name : names) {
        assertThat(Slurm.allJobsOfPod(pods.uid(name))).as("jobs of %s", name).hasSize(1);
      }
      assertThat(second.terminate()).isZero();
    }
  }

  /**
   * HPK down longer than Slurm's MinJobAge (300 s in the lab): the pods' jobs end meanwhile and
   * Slurm forgets them. Started again, HPK shows each pod's real end from its pod directory and
   * submits nothing again. The pods tolerate the node's loss for ever: by default the
   * controller-manager evicts pods from a node unreachable for 300 s.
   */
  @Test
  @Timeout(1200)
  void podsThatEndedWhileHpkWasDownPastMinJobAgeShowTheirEnd() throws Exception {
    List<String> uids;
    try (HpkProcess first = HpkLab.start("faults-minjobage-first")) {
      Kubectl.apply(
          outlastingNodeLoss(pod("fine", "sleep 10; echo done"))
              + "---\n"
              + outlastingNodeLoss(pod("broken", "sleep 10; exit 3")));
      awaitPhase(first, "fine", "Running");
      awaitPhase(first, "broken", "Running");
      uids = List.of(pods.uid("fine"), pods.uid("broken"));
      first.kill();
    }
    Eventually.await(
        Duration.ofSeconds(600),
        "Slurm forgot both jobs (MinJobAge)",
        () -> Slurm.podsWithJobs(uids) == 0,
        () -> String.join("\n", Slurm.squeue("-t", "all")));
    try (HpkProcess second = HpkLab.start("faults-minjobage-second")) {
      awaitPhase(second, "fine", "Succeeded");
      awaitPhase(second, "broken", "Failed");
      assertThat(
              Kubectl.jsonpath(
                  ns, "pod/broken", "{.status.containerStatuses[0].state.terminated.exitCode}"))
          .isEqualTo("3");
      assertThat(Kubectl.run("logs", "fine", "-n", ns)).isEqualTo("done");
      assertThat(Slurm.podsWithJobs(uids)).as("pods submitted again").isZero();
      assertThat(second.terminate()).isZero();
    }
  }

  private static String outlastingNodeLoss(String pod) {
    return pod.replace(
        "  restartPolicy: Never\n",
        """
          restartPolicy: Never
          tolerations:
          - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}
          - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}
        """);
  }

  private String pod(String name, String script) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 3
          containers:
          - name: main
            image: %s
            command: ["sh", "-c", "%s"]
            resources: {requests: {cpu: "100m"}}
        """
        .formatted(name, ns, IMAGE, script);
  }

  private void awaitPhase(HpkProcess hpk, String pod, String phase) {
    pods.awaitPhase(pod, phase, Duration.ofSeconds(240), hpk::logTail);
  }

  private void awaitWarning(HpkProcess hpk, String pod, String reason) {
    Eventually.await(
        Duration.ofSeconds(90),
        "Warning " + reason + " on " + pod,
        () -> pods.eventReasons(pod, "").contains(reason),
        () -> Kubectl.tryRun("describe", "pod", pod, "-n", ns).out() + hpk.logTail());
  }
}
