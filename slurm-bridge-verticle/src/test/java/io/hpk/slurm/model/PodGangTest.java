package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A pod group's one job: its allocation, its steps, and how a stop reaches each pod. */
@Timeout(60)
class PodGangTest {

  @TempDir Path tmp;

  @Test
  void everyTaskGetsTheLargestPodsResourcesAndTheFirstPodsScheduling() {
    Pod small = member("rank-1", "11111111-0000-4000-8000-000000000001", "1", "100Mi", Map.of());
    Pod large =
        member(
            "rank-0",
            "00000000-0000-4000-8000-000000000000",
            "2",
            "1Gi",
            Map.of("slurm.hpk.io/flags", "--ntasks-per-node=1", "slurm.hpk.io/partition", "batch"));
    PodGang gang = gang("mpi", small, large);

    String script = gang.script(tmp.resolve("gang"), TestPods.OWNER);

    assertThat(gang.podUids())
        .as("in the order of the pods' names")
        .containsExactly(
            "00000000-0000-4000-8000-000000000000", "11111111-0000-4000-8000-000000000001");
    assertThat(script)
        .contains(
            "#SBATCH --ntasks=2",
            "#SBATCH --cpus-per-task=2",
            "#SBATCH --mem-per-cpu=512",
            "#SBATCH --ntasks-per-node=1",
            "#SBATCH --partition=batch",
            "#SBATCH --no-requeue",
            "#SBATCH --job-name=team-a_mpi",
            "hpk_step_options=(--cpus-per-task=2 --mem-per-cpu=512)")
        .contains("--comment=hpk/" + TestPods.OWNER.clusterId() + "/hpk-node/00000000-")
        .doesNotContain("--nodes=1\n");
    assertThat(script.indexOf("hpk_step 'team-a_rank-0'"))
        .isLessThan(script.indexOf("hpk_step 'team-a_rank-1'"));
  }

  @Test
  void aGroupNameThatIsNoKubernetesNameIsRefused() {
    Pod pod = member("a", "00000000-0000-4000-8000-000000000000", "1", "1Mi", Map.of());

    assertThatThrownBy(() -> gang("x'; rm -rf ~", pod))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("scheduling.x-k8s.io/pod-group");
  }

  /**
   * The batch shell's TERM becomes each pod's stop request file (a step's pod script stops on it),
   * and the job ends once every step has, failing when one failed. srun here is a stand-in that
   * runs the step's script on this machine.
   */
  @Test
  void aStopReachesEveryPodAsItsStopRequest() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path srun = bin.resolve("srun");
    Files.writeString(srun, "#!/bin/bash\nexec bash \"${@: -1}\"\n");
    srun.toFile().setExecutable(true);
    Pod a = member("a", "00000000-0000-4000-8000-000000000000", "1", "1Mi", Map.of());
    Pod b = member("b", "11111111-0000-4000-8000-000000000001", "1", "1Mi", Map.of());
    PodGang gang = gang("duo", a, b);
    for (PodGang.Member m : gang.members()) {
      Files.createDirectories(m.directory().dir());
      // A pod that ends when asked to stop: exit 0 for a, 3 for b.
      String code = m.pod().getMetadata().getName().equals("a") ? "0" : "3";
      Files.writeString(
          m.directory().jobScript(),
          "cd \"${0%/*}\" && touch started; until [[ -e "
              + PodDirectory.STOP_REQUEST
              + " ]]; do sleep 0.1; done;"
              + " exit "
              + code
              + "\n");
    }
    Path script = tmp.resolve("gang.sh");
    Files.writeString(script, gang.script(tmp.resolve("gang"), TestPods.OWNER));

    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process job = builder.redirectErrorStream(true).start();
    try {
      for (PodGang.Member m : gang.members()) {
        Path started = m.directory().dir().resolve("started");
        for (int i = 0; i < 100 && !Files.exists(started); i++) {
          Thread.sleep(100);
        }
        assertThat(started).exists();
      }
      assertThat(job.isAlive()).isTrue();

      new ProcessBuilder("kill", "-TERM", Long.toString(job.pid())).start().waitFor();

      assertThat(job.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(job.exitValue()).as("b failed").isEqualTo(1);
      for (PodGang.Member m : gang.members()) {
        assertThat(m.directory().dir().resolve(PodDirectory.STOP_REQUEST)).exists();
      }
    } finally {
      // A failed run leaves no step waiting for its stop request.
      job.descendants().forEach(ProcessHandle::destroyForcibly);
      job.destroyForcibly();
    }
  }

  private PodGang gang(String group, Pod... pods) {
    return new PodGang(
        "team-a",
        group,
        List.of(pods).stream()
            .map(p -> new PodGang.Member(p, PodDirectories.of(tmp.resolve("pods"), p)))
            .toList());
  }

  private static Pod member(
      String name, String uid, String cpu, String memory, Map<String, String> annotations) {
    return TestPods.pod(TestPods.container("c"))
        .editMetadata()
        .withName(name)
        .withUid(uid)
        .withAnnotations(annotations)
        .endMetadata()
        .editSpec()
        .editFirstContainer()
        .withResources(
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                .build())
        .endContainer()
        .endSpec()
        .build();
  }
}
