package io.hpk.slurm.model;

import static io.hpk.slurm.model.FakeApptainerJob.sleeping;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When the job script counts a container as running, against a fake Apptainer that starts late. */
@Timeout(60)
class ContainerStartTest {

  @TempDir Path work;
  private FakeApptainerJob job;

  @AfterEach
  void stop() throws InterruptedException {
    if (job != null) {
      job.close();
    }
  }

  /**
   * While Apptainer still sets the container up (its child has not entered a mount namespace of its
   * own and run the container's program) the container is ContainerCreating, not running: an exec
   * then would see the node's files, as /etc/hosts did.
   */
  @Test
  void aContainerRunsOnlyOnceItsProcessHasLeftTheNodesRoot() throws Exception {
    Container c = sleeping("c", 30).addNewEnv().withName("SETUP").withValue("3").endEnv().build();
    job = FakeApptainerJob.start(work, TestPods.pod(c).build());
    job.awaitStatus("c", s -> s.contains("\"reason\":\"ContainerCreating\""));
    TimeUnit.MILLISECONDS.sleep(1500);

    assertThat(Files.readString(job.paths.containerState("c")))
        .contains("\"state\":\"waiting\"", "\"reason\":\"ContainerCreating\"");
    job.awaitStatus("c", s -> s.contains("\"state\":\"running\""));
  }
}
