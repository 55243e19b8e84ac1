package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SbatchOptionsTest {

  private static List<String> header(Pod pod) {
    return SbatchOptions.header(
        pod, PodDirectories.of(TestPods.WORK, pod), JobResources.of(pod.getSpec()), TestPods.OWNER);
  }

  private static Pod annotated(Map<String, String> annotations) {
    Pod pod = TestPods.pod(TestPods.container("c")).build();
    pod.getMetadata().setAnnotations(annotations);
    return pod;
  }

  private static ContainerBuilder sized(String name, String cpu, String memory) {
    return new ContainerBuilder(TestPods.container(name))
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToLimits("memory", new Quantity(memory))
        .endResources();
  }

  @Test
  void identityFilesAndDefaultsComeFirst() {
    assertThat(header(TestPods.pod(TestPods.container("c")).build()))
        .containsExactly(
            "#!/bin/bash",
            "#SBATCH --job-name=team-a_web",
            "#SBATCH --comment=hpk/6f1c2d3e-0000-4000-8000-000000000001/hpk-node/0123abcd-4567-89ef-0123-456789abcdef",
            "#SBATCH --output=/work/pods/team-a/web-0123abcd/job.out",
            "#SBATCH --error=/work/pods/team-a/web-0123abcd/job.out",
            "#SBATCH --chdir=/work/pods/team-a/web-0123abcd",
            "#SBATCH --nodes=1",
            "#SBATCH --ntasks=1",
            "#SBATCH --no-requeue",
            "#SBATCH --cpus-per-task=1");
  }

  @Test
  void appContainersAddUpAndTheLargestInitContainerCounts() {
    Pod pod =
        TestPods.pod(sized("a", "1500m", "100Mi").build(), sized("b", "1", "0.5Gi").build())
            .editSpec()
            .addToInitContainers(
                sized("i", "4", "1Mi")
                    .editResources()
                    .addToLimits("nvidia.com/gpu", new Quantity("2"))
                    .endResources()
                    .build())
            .withActiveDeadlineSeconds(61L)
            .endSpec()
            .build();

    assertThat(header(pod))
        .contains(
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --mem=612",
            "#SBATCH --gres=gpu:2",
            "#SBATCH --time=2");
  }

  @Test
  void annotationsBecomeOptionsAndFlagsComeLast() {
    Pod pod =
        annotated(
            Map.of(
                "slurm.hpk.io/partition", "batch",
                "slurm.hpk.io/account", "proj-1",
                "slurm.hpk.io/constraint", "[rack1*2&gpu]",
                "slurm.hpk.io/time", "1-00:00:00",
                "slurm.hpk.io/flags", " --exclusive  -N1 --mem-per-cpu=2G "));

    List<String> header = header(pod);

    assertThat(header)
        .contains(
            "#SBATCH --partition=batch",
            "#SBATCH --account=proj-1",
            "#SBATCH --constraint=[rack1*2&gpu]",
            "#SBATCH --time=1-00:00:00");
    assertThat(header.subList(header.size() - 3, header.size()))
        .containsExactly("#SBATCH --exclusive", "#SBATCH -N1", "#SBATCH --mem-per-cpu=2G");
  }

  @Test
  void unsafeAnnotationValuesAreRejected() {
    for (String value : List.of("debug\n#SBATCH --wrap=x", "a b", "'q'", "x;y", "")) {
      assertThatThrownBy(() -> header(annotated(Map.of("slurm.hpk.io/account", value))))
          .isInstanceOfSatisfying(
              PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidAnnotation"))
          .hasMessageContaining("slurm.hpk.io/account");
      assertThatThrownBy(() -> header(annotated(Map.of("slurm.hpk.io/partition", value))))
          .isInstanceOfSatisfying(
              PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidPartition"))
          .hasMessageContaining("slurm.hpk.io/partition");
    }
  }

  /** Partitions are chosen as nodes are: nodeSelector, required node affinity In, annotation. */
  @Test
  void nodeSelectorAndNodeAffinityChooseThePartition() {
    Pod selected =
        new PodBuilder(annotated(Map.of()))
            .editSpec()
            .withNodeSelector(Map.of("slurm.hpk.io/partition", "debug"))
            .endSpec()
            .build();
    Pod either = withAffinity(annotated(Map.of()), "In", "debug", "batch");
    Pod both =
        withAffinity(
            annotated(Map.of("slurm.hpk.io/partition", "batch,gpu")), "In", "gpu", "debug");

    assertThat(header(selected)).contains("#SBATCH --partition=debug");
    assertThat(header(either)).contains("#SBATCH --partition=debug,batch");
    assertThat(header(both)).contains("#SBATCH --partition=gpu");
    assertThat(header(annotated(Map.of()))).noneMatch(line -> line.contains("--partition"));
  }

  @Test
  void partitionChoicesThatCannotBeMetAreRefused() {
    Pod disjoint =
        new PodBuilder(annotated(Map.of("slurm.hpk.io/partition", "batch")))
            .editSpec()
            .withNodeSelector(Map.of("slurm.hpk.io/partition", "debug"))
            .endSpec()
            .build();
    Pod notIn = withAffinity(annotated(Map.of()), "NotIn", "debug");

    assertThatThrownBy(() -> header(disjoint))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidPartition"))
        .hasMessageContaining("[batch]")
        .hasMessageContaining("[debug]");
    assertThatThrownBy(() -> header(notIn))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidPartition"))
        .hasMessageContaining("nodeSelectorTerms[0].matchExpressions[0]")
        .hasMessageContaining("NotIn");
  }

  private static Pod withAffinity(Pod pod, String operator, String... values) {
    return new PodBuilder(pod)
        .editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("slurm.hpk.io/partition")
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .build();
  }

  /** Options that change who runs the job, its environment or its files never reach sbatch. */
  @Test
  void flagsOutsideTheSchedulingAllowListAreRefused() {
    for (String flags :
        List.of(
            "--export=ALL,APPTAINER_BIND=/:/host",
            "--export=BASH_ENV=/tmp/x",
            "--uid=0",
            "--gid=0",
            "--array=1-3",
            "--chdir=/",
            "--output=/etc/x",
            "--out=/x",
            "--wrap=id",
            "--get-user-env",
            "--exp=ALL",
            "--part=debug",
            "--comment=x",
            "--no-such-option",
            "--partition",
            "--requeue=yes",
            "-o/x",
            "-J name",
            "-D/",
            "-a1-3",
            "-p",
            "-Hofile",
            "plain",
            "-x\n-y")) {
      assertThatThrownBy(() -> header(annotated(Map.of("slurm.hpk.io/flags", flags))))
          .as(flags)
          .isInstanceOfSatisfying(
              PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidAnnotation"))
          .hasMessageContaining("slurm.hpk.io/flags");
    }
  }

  /** Scheduling options, long and short, pass unchanged and in order. */
  @Test
  void schedulingFlagsPassThrough() {
    String flags =
        "--exclusive=user -pdebug -N2 --gres=gpu:1 --begin=now+60 --dependency=afterok:12"
            + " --nodelist=c[1-2] -xc3 --hold";

    List<String> header = header(annotated(Map.of("slurm.hpk.io/flags", flags)));

    assertThat(header.subList(header.size() - 9, header.size()))
        .containsExactly(
            "#SBATCH --exclusive=user",
            "#SBATCH -pdebug",
            "#SBATCH -N2",
            "#SBATCH --gres=gpu:1",
            "#SBATCH --begin=now+60",
            "#SBATCH --dependency=afterok:12",
            "#SBATCH --nodelist=c[1-2]",
            "#SBATCH -xc3",
            "#SBATCH --hold");
  }

  /** The refusal names the option and what is allowed, so the user can fix the annotation. */
  @Test
  void aRefusalSaysWhatIsAllowed() {
    assertThatThrownBy(() -> header(annotated(Map.of("slurm.hpk.io/flags", "--export=ALL"))))
        .hasMessageContaining("--export is not a scheduling option")
        .hasMessageContaining("--partition");
  }

  @Test
  void jobNameIsSanitisedAndBounded() {
    Pod pod = TestPods.pod(TestPods.container("c")).build();
    pod.getMetadata().setName("a".repeat(200));

    assertThat(SbatchOptions.jobName(pod)).hasSize(128).startsWith("team-a_aaa");
  }
}
