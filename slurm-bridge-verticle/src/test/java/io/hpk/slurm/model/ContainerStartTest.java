package io.hpk.slurm.model;

import static io.hpk.slurm.model.FakeApptainerJob.failing;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Under Always and OnFailure a failed init container is run again after the kubelet's back-off
   * (CrashLoopBackOff, 10 s first), its last run kept as lastState and its restarts counted, while
   * the next init container and the app containers wait with PodInitializing and never start.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Always", "OnFailure"})
  void aFailedInitContainerIsRestartedWithBackOffAndTheAppsWait(String policy) throws Exception {
    var pod =
        TestPods.pod(sleeping("app", 30).build())
            .editSpec()
            .withRestartPolicy(policy)
            .withInitContainers(failing("init1", 3).build(), sleeping("init2", 0).build())
            .endSpec()
            .build();
    job = FakeApptainerJob.start(work, pod);

    job.awaitStatus(
        "init1",
        s ->
            s.contains("\"state\":\"waiting\",\"reason\":\"CrashLoopBackOff\"")
                && s.contains("\"restartCount\":0")
                && s.contains("\"lastState\":{\"exitCode\":3,\"reason\":\"Error\""));
    assertThat(job.process.isAlive()).isTrue();
    job.awaitStatus("init1", s -> s.contains("\"restartCount\":1"), 25);

    for (String waiting : new String[] {"init2", "app"}) {
      assertThat(Files.readString(job.paths.containerState(waiting)))
          .contains("\"state\":\"waiting\",\"reason\":\"PodInitializing\"");
      assertThat(job.paths.containerLog(waiting)).doesNotExist();
    }
  }

  /**
   * A job shell killed outright (SIGKILL, no EXIT trap) leaves none of its loops behind once its
   * last container has ended.
   */
  @Test
  void aJobShellKilledOutrightLeavesNoLoopBehind() throws Exception {
    var pod =
        TestPods.pod(sleeping("c", 2).build()).editSpec().withRestartPolicy("Never").endSpec();
    var started = FakeApptainerJob.start(work, pod.build());
    started.awaitStatus("c", s -> s.contains("\"state\":\"running\""));
    started.process.destroyForcibly();

    long left = started.scriptProcesses();
    for (int i = 0; i < 100 && left > 0; i++) {
      TimeUnit.MILLISECONDS.sleep(100);
      left = started.scriptProcesses();
    }
    assertThat(left).isZero();
  }
}
