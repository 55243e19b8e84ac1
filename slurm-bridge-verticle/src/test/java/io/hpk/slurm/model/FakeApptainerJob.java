package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A pod's rendered job script run with bash, as sbatch starts it on a node, against a fake
 * apptainer whose container sleeps for its SLEEP variable: for the script's own logic (probes,
 * hooks) without Slurm or images.
 */
final class FakeApptainerJob {

  /**
   * As Apptainer's runtime parent: the container is a child in a mount namespace of its own, made
   * after the SETUP variable's seconds, that ends with the EXIT variable's code, and a TERM to the
   * parent reaches it.
   */
  private static final String FAKE_APPTAINER =
      """
      #!/bin/bash
      sleep "${APPTAINERENV_SETUP:-0}"
      unshare --user --map-root-user --mount sh -c 'sleep "$1"; exit "$2"' container \\
        "${APPTAINERENV_SLEEP:-0}" "${APPTAINERENV_EXIT:-0}" &
      container=$!
      trap 'kill -s TERM "$container"' TERM
      while :; do
        wait "$container"
        code=$?
        kill -0 "$container" 2> /dev/null || exit "$code"
      done
      """;

  final PodDirectory paths;
  final Process process;

  private FakeApptainerJob(PodDirectory paths, Process process) {
    this.paths = paths;
    this.process = process;
  }

  static FakeApptainerJob start(Path work, Pod pod) throws IOException {
    Path fake = work.resolve("fake-apptainer");
    Files.writeString(fake, FAKE_APPTAINER);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    JobSettings settings = settings(work);
    PodDirectory paths = PodDirectories.of(work.resolve("pods"), pod);
    JobPlan plan = PodJobScript.render(pod, paths, PodResources.none(), settings);
    assertThat(plan.script()).as("sbatch refuses scripts with CR").doesNotContain("\r");
    Files.createDirectories(paths.dir());
    Files.writeString(paths.jobScript(), plan.script());
    Process process =
        new ProcessBuilder("bash", paths.jobScript().toString())
            .redirectErrorStream(true)
            .redirectOutput(paths.jobOutput().toFile())
            .start();
    return new FakeApptainerJob(paths, process);
  }

  /** The settings a job of this fake apptainer under {@code work} is rendered with. */
  static JobSettings settings(Path work) {
    return new JobSettings(
        work.resolve("fake-apptainer").toString(),
        "",
        "/helper/pod-network",
        List.of(),
        Map.of(TestPods.IMAGE, "/i"),
        TestPods.OWNER);
  }

  /** A container of the fake apptainer that sleeps this long. */
  static ContainerBuilder sleeping(String name, int seconds) {
    return new ContainerBuilder(TestPods.container(name))
        .withCommand("sleep")
        .addNewEnv()
        .withName("SLEEP")
        .withValue(Integer.toString(seconds))
        .endEnv();
  }

  /** A container of the fake apptainer that fails with CODE after a second. */
  static ContainerBuilder failing(String name, int code) {
    return sleeping(name, 1)
        .addNewEnv()
        .withName("EXIT")
        .withValue(Integer.toString(code))
        .endEnv();
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  void awaitStatus(String container, Predicate<String> wanted) throws Exception {
    awaitStatus(container, wanted, 20);
  }

  void awaitStatus(String container, Predicate<String> wanted, int seconds) throws Exception {
    Instant deadline = Instant.now().plusSeconds(seconds);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      Path file = paths.containerState(container);
      last = Files.exists(file) ? Files.readString(file) : "";
      if (wanted.test(last)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        "status of "
            + container
            + " never matched; last: "
            + last
            + "\njob output:\n"
            + Files.readString(paths.jobOutput()));
  }

  /**
   * Ends the job and everything it started at once, as its test ends (Slurm kills a job's cgroup).
   */
  void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The processes still running the job's script (its shell's subshells), after its shell. */
  long scriptProcesses() {
    String script = paths.jobScript().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(script)).orElse(false))
        .count();
  }
}
