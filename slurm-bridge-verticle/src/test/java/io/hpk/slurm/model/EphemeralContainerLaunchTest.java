package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launch of an ephemeral container, rendered and run by a job of the fake apptainer. */
@Timeout(60)
class EphemeralContainerLaunchTest {

  @TempDir Path work;
  private FakeApptainerJob job;

  @AfterEach
  void stop() throws InterruptedException {
    if (job != null) {
      job.close();
    }
  }

  private static EphemeralContainer debugger(String name, String... command) {
    return new EphemeralContainerBuilder()
        .withName(name)
        .withImage(TestPods.IMAGE)
        .withCommand(command)
        .build();
  }

  private static Pod podWith(EphemeralContainer... ephemeral) {
    return TestPods.pod(TestPods.container("app"))
        .editSpec()
        .withEphemeralContainers(ephemeral)
        .endSpec()
        .build();
  }

  private static String launch(List<PlannedFile> files) {
    return new String(files.get(files.size() - 1).content(), StandardCharsets.UTF_8);
  }

  /** The launch file is ephemeral/NAME.sh, numbered after the pod's containers, spec quoted. */
  @Test
  void launchIsNumberedAfterThePodsContainersWithItsCommandQuoted() {
    Pod pod = podWith(debugger("first", "true"), debugger("dbg", "sh", "-c", "echo 'hi'; $(id)"));

    List<PlannedFile> files =
        TestPods.renderEphemeral(pod, "dbg", PodResources.none(), TestPods.settings());

    assertThat(files.get(files.size() - 1).relativePath()).isEqualTo("ephemeral/dbg.sh");
    assertThat(launch(files))
        .contains("hpk_ephemeral_index=2\n", "hpk_prepare_2()", "hpk_launch_2()")
        .contains("'echo '\\''hi'\\''; $(id)'")
        .contains(ShellQuote.quote(TestPods.SIF));
  }

  /** A name that another container of the pod has would take over its files: refused. */
  @Test
  void theNameOfAnotherContainerIsRefused() {
    Pod pod = podWith(debugger("app", "sh"));

    assertThatThrownBy(
            () -> TestPods.renderEphemeral(pod, "app", PodResources.none(), TestPods.settings()))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("InvalidPodSpec"));
  }

  /** Running as another user needs the user namespace, which a host-network pod's job lacks. */
  @Test
  void anotherUserIsRefusedWhereTheSandboxHasNoUserNamespace() {
    EphemeralContainer asUser =
        new EphemeralContainerBuilder(debugger("dbg", "sh"))
            .withNewSecurityContext()
            .withRunAsUser(1000L)
            .endSecurityContext()
            .build();
    Pod pod = podWith(asUser);

    assertThatThrownBy(
            () -> TestPods.renderEphemeral(pod, "dbg", PodResources.none(), TestPods.settings("")))
        .isInstanceOfSatisfying(
            PodSpecException.class,
            e -> assertThat(e.reason()).isEqualTo("CreateContainerConfigError"));
  }

  /**
   * The running job starts a launch written next to it, once: the container runs to its end with
   * its own state file, is never run again when its file is written again, and the pod's own
   * container keeps running.
   */
  @Test
  void theRunningJobStartsALaunchOnceAndThePodKeepsRunning() throws Exception {
    List<PlannedFile> files = launchInARunningPod(0);
    job.awaitStatus(
        "dbg", s -> s.contains("\"state\":\"terminated\"") && s.contains("\"exitCode\":0"));
    String ended = Files.readString(job.paths.containerState("dbg"));
    write(job.paths, files);
    TimeUnit.MILLISECONDS.sleep(2500);

    assertThat(Files.readString(job.paths.containerState("dbg"))).isEqualTo(ended);
    assertThat(Files.readString(job.paths.containerState("app"))).contains("\"state\":\"running\"");
    assertThat(job.paths.containerLog("dbg")).exists();
  }

  /** A pod being stopped (TERM to its job) stops its running ephemeral container too. */
  @Test
  void stoppingThePodEndsARunningEphemeralContainer() throws Exception {
    launchInARunningPod(30);
    job.awaitStatus("dbg", s -> s.contains("\"state\":\"running\""));

    job.process.destroy();

    job.awaitStatus("dbg", s -> s.contains("\"state\":\"terminated\""));
  }

  /**
   * Starts a pod whose container runs, then writes the launch of its ephemeral container dbg, which
   * sleeps this long; the launch files.
   */
  private List<PlannedFile> launchInARunningPod(int sleepSeconds) throws Exception {
    EphemeralContainer dbg =
        new EphemeralContainerBuilder(debugger("dbg", "sleep"))
            .addNewEnv()
            .withName("SLEEP")
            .withValue(Integer.toString(sleepSeconds))
            .endEnv()
            .build();
    Pod pod =
        TestPods.pod(FakeApptainerJob.sleeping("app", 30).build())
            .editSpec()
            .withRestartPolicy("Never")
            .withEphemeralContainers(dbg)
            .endSpec()
            .build();
    job = FakeApptainerJob.start(work, pod);
    job.awaitStatus("app", s -> s.contains("\"state\":\"running\""));
    List<PlannedFile> files =
        EphemeralContainerLaunch.render(
            pod, "dbg", job.paths, PodResources.none(), FakeApptainerJob.settings(work));
    write(job.paths, files);
    return files;
  }

  private static void write(PodDirectory paths, List<PlannedFile> files) throws Exception {
    for (PlannedFile file : files) {
      Path target = paths.dir().resolve(file.relativePath());
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling("." + target.getFileName());
      Files.write(tmp, file.content());
      Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
