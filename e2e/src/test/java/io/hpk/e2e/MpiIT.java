package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An MPI job spans two compute nodes: the README's example (deploy/examples/mpi) has a launcher pod
 * whose mpirun starts one rank in each of two worker pods through kubectl exec; the workers are a
 * gang (one Slurm job, a step on each of two nodes), and the ranks talk over the pod network.
 */
@Timeout(600)
class MpiIT extends LabTest {

  private static final Path EXAMPLE =
      Path.of(System.getProperty("hpk.examples", "../deploy/examples"), "mpi", "mpi-hello.yaml");
  private static final Pattern RANK =
      Pattern.compile("^rank (\\d+) of 2 on (\\S+) \\((\\S+)\\)$", Pattern.MULTILINE);

  @Test
  void mpirunInTheLauncherRunsOneRankOnEachOfTwoComputeNodes() {
    Kubectl.run("apply", "-n", ns, "-f", EXAMPLE.toString());

    pods().awaitPhase("mpi-launcher", "Succeeded", Duration.ofSeconds(420), this::diagnostics);
    String log = Kubectl.stdout("logs", "mpi-launcher", "-n", ns);
    assertThat(log).contains("mpi-hello: 2 ranks");

    Map<String, String> podOfRank = new TreeMap<>();
    Matcher rank = RANK.matcher(log);
    while (rank.find()) {
      String pod = rank.group(2);
      assertThat(rank.group(3))
          .as("rank %s's address is %s's pod IP", rank.group(1), pod)
          .isEqualTo(Kubectl.jsonpath(ns, "pod/" + pod, "{.status.podIP}"));
      podOfRank.put(rank.group(1), pod);
    }
    assertThat(podOfRank)
        .as("one rank in each worker, in:\n%s", log)
        .containsOnlyKeys("0", "1")
        .containsValues("mpi-worker-0", "mpi-worker-1");

    String jobId = jobId("mpi-worker-0");
    assertThat(jobId("mpi-worker-1")).as("the workers' gang is one Slurm job").isEqualTo(jobId);
    List<String> steps = Slurm.squeue("-h", "-s", "-j", jobId, "-o", "%i %N");
    assertThat(
            steps.stream()
                .filter(step -> step.matches(jobId + "\\.\\d+ c\\d+"))
                .map(step -> step.split(" ")[1])
                .distinct())
        .as("the workers' steps run on two compute nodes, in:\n%s", steps)
        .hasSize(2);
  }

  private String jobId(String pod) {
    return Kubectl.jsonpath(ns, "pod/" + pod, "{.metadata.annotations.slurm\\.hpk\\.io/job-id}");
  }

  private TestNamespace pods() {
    return new TestNamespace(ns);
  }

  private String diagnostics() {
    return Kubectl.tryRun("get", "pods", "-n", ns, "-o", "wide").out()
        + Kubectl.tryRun("logs", "mpi-launcher", "-n", ns).out()
        + hpk.logTail();
  }
}
