package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HPK killed while pods are queued and running, then started again: every pod keeps exactly its one
 * job, statuses resume, and a pod deleted while HPK was down has its job cancelled.
 */
@Timeout(600)
class RestartSafetyIT {

  private static final String NS = "e2e-restart-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String IMAGE = "localhost:5000/busybox:1.35";

  @AfterEach
  void cleanUp() {
    Kubectl.tryRun("delete", "namespace", NS, "--wait=false");
  }

  @Test
  void restartedHpkAdoptsItsJobsAndCancelsOrphans() throws Exception {
    Kubectl.run("create", "namespace", NS);
    Map<String, String> jobsBefore = new HashMap<>();
    try (HpkProcess first = HpkLab.start("restart-first")) {
      Kubectl.apply(sleeper("runner", "100m"));
      Kubectl.apply(sleeper("orphan", "100m"));
      Kubectl.apply(sleeper("lingering", "100m"));
      Eventually.await(
          Duration.ofSeconds(240),
          "runner, orphan and lingering Running",
          () ->
              phase("runner").equals("Running")
                  && phase("orphan").equals("Running")
                  && phase("lingering").equals("Running"),
          first::logTail);
      // Node c1 has 8 CPUs and the three sleepers hold one each there: this one has to wait.
      Kubectl.apply(sleeper("queued", "8"));
      Eventually.await(
          Duration.ofSeconds(60),
          "queued has a pending job",
          () -> !Slurm.activeJobsOfPod(uid("queued")).isEmpty(),
          first::logTail);
      for (String pod : List.of("runner", "orphan", "queued")) {
        jobsBefore.put(pod, single(Slurm.allJobsOfPod(uid(pod))));
      }
      first.kill();
    }
    String orphanUid = uid("orphan");
    Kubectl.run("delete", "pod", "orphan", "-n", NS, "--grace-period=0", "--force");
    String lingeringUid = uid("lingering");
    Kubectl.run("delete", "pod", "lingering", "-n", NS, "--wait=false");

    try (HpkProcess second = HpkLab.start("restart-second")) {
      Eventually.await(
          Duration.ofSeconds(60),
          "the orphan's job cancelled",
          () -> Slurm.activeJobsOfPod(orphanUid).isEmpty(),
          second::logTail);
      assertThat(Slurm.allJobsOfPod(uid("runner"))).containsExactly(jobsBefore.get("runner"));
      assertThat(Slurm.allJobsOfPod(uid("queued"))).containsExactly(jobsBefore.get("queued"));
      assertThat(phase("runner")).isEqualTo("Running");

      String queuedUid = uid("queued");
      Kubectl.run("delete", "pod", "queued", "-n", NS, "--wait=false");
      Eventually.await(
          Duration.ofSeconds(60),
          "queued's job cancelled after a normal delete",
          () -> Slurm.activeJobsOfPod(queuedUid).isEmpty(),
          second::logTail);
      Kubectl.run("delete", "pod", "runner", "-n", NS, "--wait=false");
      Eventually.await(
          Duration.ofSeconds(60),
          "runner gone",
          () -> uidOrEmpty("runner").isEmpty(),
          second::logTail);
      assertThat(second.terminate()).isZero();
    }
  }

  /** A pod that sleeps on compute node c1, so that the CPUs it may take are known. */
  private static String sleeper(String name, String cpu) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          annotations: {slurm.hpk.io/flags: "--nodelist=c1"}
        spec:
          terminationGracePeriodSeconds: 3
          containers:
          - name: main
            image: %s
            command: ["sleep", "3600"]
            resources: {requests: {cpu: "%s"}}
        """
        .formatted(name, NS, IMAGE, cpu);
  }

  private static String single(List<String> jobs) {
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private static String phase(String pod) {
    return Kubectl.jsonpath(NS, "pod/" + pod, "{.status.phase}");
  }

  private static String uid(String pod) {
    String uid = uidOrEmpty(pod);
    assertThat(uid).as("uid of %s", pod).isNotEmpty();
    return uid;
  }

  private static String uidOrEmpty(String pod) {
    return Kubectl.jsonpath(NS, "pod/" + pod, "{.metadata.uid}");
  }
}
