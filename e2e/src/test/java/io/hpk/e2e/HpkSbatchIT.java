package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sbatch deploy/slurm/hpk.sbatch} runs a whole HPK, the control-plane container and the JVM,
 * as one Slurm job on a compute node: its kubeconfig, announced in a well-known file, reaches an
 * API server on that node's address from the login node, a pod runs through it as a Slurm job of
 * its own, and scancel stops both cleanly, with no process left and the state kept.
 *
 * <p>The lab is not touched: the job's control plane has a state directory of its own and serves
 * its node's address; its ports are the usual ones because each lab node is a network namespace of
 * its own. Its pods use the lab's image cache, since the lab registry listens on the login node's
 * loopback only.
 */
@Timeout(900)
class HpkSbatchIT {

  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = CHECKOUT.resolve("deploy/slurm/hpk.sbatch");
  private static final String NODE = "hpk-kubelet";

  private final Path state = Path.of("target", "sbatch-" + UUID.randomUUID()).toAbsolutePath();
  private String jobId;

  @AfterEach
  void cancelAndRemove() throws IOException {
    if (jobId != null && !Slurm.squeue("-h", "-j", jobId, "-o", "%i").isEmpty()) {
      Slurm.run(List.of("scancel", jobId));
      Eventually.await(
          Duration.ofMinutes(2),
          "job " + jobId + " and its processes gone",
          () -> Slurm.squeue("-h", "-j", jobId, "-o", "%i").isEmpty() && noneLeft());
    }
    if (Files.exists(state) && leftProcesses().isEmpty()) {
      try (Stream<Path> files = Files.walk(state)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** The job's control plane and HPK run a pod, announce where, and stop cleanly on scancel. */
  @Test
  void oneJobRunsControlPlaneAndHpkAndStopsCleanly() throws Exception {
    jobId = submit();
    Path info = state.resolve("hpk-job.env");
    Eventually.await(
        Duration.ofMinutes(5),
        "job " + jobId + " announces a running HPK in " + info,
        () ->
            read(info).contains("HPK_JOB_ID=" + jobId + "\n")
                && read(info).contains("HPK_JOB_STATE=running"),
        this::diagnostics);

    String node = Slurm.nodeOfJob(jobId);
    String address = "10.250.0." + (10 + Integer.parseInt(node.substring(1)));
    Path kubeconfig = state.resolve("admin.kubeconfig");
    assertThat(read(info))
        .contains("HPK_JOB_NODE=" + node + "\n")
        .contains("KUBECONFIG=" + kubeconfig + "\n")
        .contains("HPK_API_SERVER=https://" + address + ":6443\n");
    assertThat(read(state.resolve("job-" + jobId + ".out")))
        .contains("kubeconfig: " + kubeconfig)
        .contains("API server: https://" + address + ":6443");
    assertThat(
            kubectl(kubeconfig, "config", "view", "-o", "jsonpath={.clusters[0].cluster.server}"))
        .isEqualTo("https://" + address + ":6443");

    Eventually.await(
        Duration.ofMinutes(3),
        "node " + NODE + " Ready in the job's API server",
        () ->
            tryKubectl(
                    kubeconfig,
                    "get",
                    "node",
                    NODE,
                    "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                .equals("True"),
        this::diagnostics);
    kubectl(
        kubeconfig,
        "run",
        "hello",
        "--image=" + LabTest.IMAGE,
        "--restart=Never",
        "--",
        "sh",
        "-c",
        "echo hello from the HPK job");
    Eventually.await(
        Duration.ofMinutes(3),
        "pod hello Succeeded",
        () ->
            tryKubectl(kubeconfig, "get", "pod", "hello", "-o", "jsonpath={.status.phase}")
                .equals("Succeeded"),
        () -> tryKubectl(kubeconfig, "describe", "pod", "hello") + diagnostics());
    assertThat(kubectl(kubeconfig, "logs", "hello")).isEqualTo("hello from the HPK job");
    String podUid = kubectl(kubeconfig, "get", "pod", "hello", "-o", "jsonpath={.metadata.uid}");
    assertThat(Slurm.allJobsOfPod(podUid)).as("the pod's own Slurm job").hasSize(1);

    Slurm.run(List.of("scancel", jobId));
    Eventually.await(
        Duration.ofMinutes(2),
        "job " + jobId + " gone from squeue",
        () -> Slurm.squeue("-h", "-j", jobId, "-o", "%i").isEmpty(),
        this::diagnostics);

    assertThat(leftProcesses()).as("processes of the job's HPK").isEmpty();
    String output = read(state.resolve("job-" + jobId + ".out"));
    assertThat(output)
        .as(output)
        .contains("HPK exited with status 0")
        .contains("stopping the control plane")
        .contains("stopped; the state stays in " + state);
    assertThat(read(info)).contains("HPK_JOB_STATE=stopped");
    assertThat(state.resolve("etcd/member")).isDirectory();
    assertThat(state.resolve("pki/ca.crt")).isRegularFile();
  }

  private String submit() throws IOException, InterruptedException {
    Files.createDirectories(state);
    ProcessBuilder builder =
        new ProcessBuilder(
            "sbatch", "--parsable", "--output=" + state.resolve("job-%j.out"), SCRIPT.toString());
    Map<String, String> env = builder.environment();
    // Only the job's own HPK_ variables: the JVM refuses any it does not know.
    env.keySet().removeIf(variable -> variable.startsWith("HPK_"));
    env.putAll(
        new HashMap<>(
            Map.of(
                "HPK_HOME", CHECKOUT.toString(),
                "HPK_STATE", state.toString(),
                "HPK_SLURM_NETWORK", "hpk-bridge",
                "HPK_SLURM_IMAGE_DIR", Lab.STATE.resolve("images/cache").toString())));
    Process sbatch = builder.redirectErrorStream(true).start();
    String out = new String(sbatch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(sbatch.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sbatch.exitValue()).as(out).isZero();
    return out.split(";")[0];
  }

  /** Processes that name the job's state directory in their command line or environment. */
  private List<String> leftProcesses() throws IOException {
    List<String> left = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmdline = readQuietly(proc.resolve("cmdline"));
        if (cmdline.contains(state.toString())
            || readQuietly(proc.resolve("environ")).contains("HPK_LAB_STATE=" + state + "\0")) {
          left.add(proc.getFileName() + " " + cmdline.replace('\0', ' '));
        }
      }
    }
    return left;
  }

  private boolean noneLeft() {
    try {
      return leftProcesses().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String readQuietly(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file) {
    return readQuietly(file);
  }

  private String diagnostics() {
    return "squeue: "
        + Slurm.squeue("-h", "-j", jobId, "-o", "%i %T %N %r")
        + "\njob output:\n"
        + read(state.resolve("job-" + jobId + ".out"))
        + "\nHPK log tail:\n"
        + tail(read(state.resolve("logs/hpk.log")))
        + "\ncontrol plane:\n"
        + tail(read(state.resolve("logs/hpk-master.log")));
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  private static String kubectl(Path kubeconfig, String... args) {
    Kubectl.Result result = runKubectl(kubeconfig, args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + result.out());
    }
    return result.out().trim();
  }

  private static String tryKubectl(Path kubeconfig, String... args) {
    Kubectl.Result result = runKubectl(kubeconfig, args);
    return result.exitCode() == 0 ? result.out().trim() : "";
  }

  private static Kubectl.Result runKubectl(Path kubeconfig, String... args) {
    List<String> command =
        new ArrayList<>(List.of(Lab.KUBECTL, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " hung");
      }
      return new Kubectl.Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + Lab.KUBECTL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
