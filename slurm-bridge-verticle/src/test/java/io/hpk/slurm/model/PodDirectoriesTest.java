package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDirectoriesTest {

  @Test
  void everyFileLivesInTheNamespaceAndPodDirectory() {
    PodDirectory paths =
        PodDirectories.of(TestPods.WORK, TestPods.pod(TestPods.container("c")).build());

    Path dir = Path.of("/work/pods/team-a/web-0123abcd");
    assertThat(paths.dir()).isEqualTo(dir);
    assertThat(paths.jobScript()).isEqualTo(dir.resolve("job.sh"));
    assertThat(paths.jobOutput()).isEqualTo(dir.resolve("job.out"));
    assertThat(paths.podIpFile()).isEqualTo(dir.resolve("pod.ip"));
    assertThat(paths.containerState("c")).isEqualTo(dir.resolve("status/c.json"));
    assertThat(paths.containerLog("c")).isEqualTo(dir.resolve("logs/c.log"));
    assertThat(paths.previousLog("c")).isEqualTo(dir.resolve("logs/c.previous.log"));
    assertThat(paths.volumesDir()).isEqualTo(dir.resolve("volumes"));
  }

  @Test
  void namesThatCouldLeaveTheDirectoryAreRejected() {
    for (String namespace : List.of("..", "a/b", "UPPER", "")) {
      Pod pod = TestPods.pod(TestPods.container("c")).build();
      pod.getMetadata().setNamespace(namespace);
      assertThatThrownBy(() -> PodDirectories.of(TestPods.WORK, pod))
          .isInstanceOf(PodSpecException.class)
          .hasMessageContaining("metadata.namespace");
    }
    Pod pod = TestPods.pod(TestPods.container("c")).build();
    pod.getMetadata().setUid("../../etc");
    assertThatThrownBy(() -> PodDirectories.of(TestPods.WORK, pod))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("metadata.uid");
    PodDirectory paths =
        PodDirectories.of(TestPods.WORK, TestPods.pod(TestPods.container("c")).build());
    assertThatThrownBy(() -> paths.containerLog("../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
