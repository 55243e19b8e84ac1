package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code hpk doctor} against the lab: every check passes on the healthy lab, and each requirement
 * broken in turn, only through the doctor's own environment, turns its line to FAIL and the exit
 * status to 1. Lab services and /etc are never touched.
 */
@Timeout(900)
class DoctorIT {

  private static final List<String> CHECKS =
      List.of(
          "slurm",
          "apptainer",
          "pod-network",
          "subordinate-ids",
          "work-dir",
          "compute-node",
          "api-server",
          "api-certificate",
          "api-credentials",
          "cluster-dns",
          "upstream-dns",
          "kubelet-port",
          "webhook-port",
          "ui-port");
  private static final Set<String> SLURM_COMMANDS =
      Set.of("sinfo", "squeue", "scontrol", "sbatch", "srun", "scancel");
  private static final Duration LIMIT = Duration.ofMinutes(3);

  private static Path scratch;

  @BeforeAll
  static void makeScratch() throws IOException {
    scratch = Files.createDirectories(Path.of("target", "doctor-" + UUID.randomUUID()));
  }

  @AfterAll
  static void removeScratch() throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(file);
      }
    }
  }

  /** On the lab as `make test` brought it up, every requirement is met. */
  @Test
  void healthyLabPassesEveryCheck() throws Exception {
    Doctored run = doctor("healthy", Map.of());

    for (String check : CHECKS) {
      assertThat(run.line(check)).as(run.toString()).startsWith("ok    " + check + ": ");
    }
    assertThat(run.exit).as(run.toString()).isZero();
  }

  /** Without Slurm's commands on the PATH, the slurm line fails and says how to get them. */
  @Test
  void withoutSlurmOnThePathSlurmFails() throws Exception {
    Doctored run = doctor("no-slurm", Map.of("PATH", pathWithout("no-slurm", SLURM_COMMANDS)));

    assertFailed(run, "slurm");
    assertThat(run.line("slurm")).contains("PATH");
  }

  /** Without apptainer on the PATH, the apptainer line fails and names slurm.apptainer. */
  @Test
  void withoutApptainerOnThePathApptainerFails() throws Exception {
    Doctored run =
        doctor("no-apptainer", Map.of("PATH", pathWithout("no-apptainer", Set.of("apptainer"))));

    assertFailed(run, "apptainer");
    assertThat(run.line("apptainer")).contains("slurm.apptainer");
    assertThat(run.line("slurm")).startsWith("ok");
  }

  /** A kubeconfig whose server is a closed port: the API server is not reachable. */
  @Test
  void kubeconfigPointingToAClosedPortFailsTheApiServer() throws Exception {
    Path kubeconfig = scratch.resolve("closed-port.kubeconfig");
    String original = Files.readString(Lab.STATE.resolve("hpk.kubeconfig"));
    Files.writeString(kubeconfig, "");
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        kubeconfig,
        original.replaceAll("server: \\S+", "server: https://127.0.0.1:" + closedTcpPort()));

    Doctored run = doctor("closed-api", Map.of("HPK_KUBERNETES_KUBECONFIG", kubeconfig.toString()));

    assertFailed(run, "api-server");
    assertThat(run.line("api-server")).contains("Connection refused");
  }

  /** A work directory that does not exist and cannot be made fails, and the doctor makes none. */
  @Test
  void workDirectoryThatCannotBeMadeFails() throws Exception {
    Path missing = Path.of("/hpk-doctor-no-such-dir-" + UUID.randomUUID(), "pods");

    Doctored run = doctor("no-work-dir", Map.of("HPK_SLURM_WORK_DIR", missing.toString()));

    assertFailed(run, "work-dir");
    assertThat(run.line("compute-node")).startsWith("FAIL");
    assertThat(missing.getParent()).doesNotExist();
  }

  /** A cluster DNS and a site DNS that do not answer (closed loopback ports) both fail. */
  @Test
  void dnsServersThatDoNotAnswerFail() throws Exception {
    Doctored run =
        doctor(
            "no-dns",
            Map.of(
                "HPK_DNS_SERVER", "127.0.0.9", "HPK_DNS_UPSTREAM", "127.0.0.1:" + closedUdpPort()));

    assertFailed(run, "cluster-dns");
    assertFailed(run, "upstream-dns");
  }

  /** A kubelet port something else already listens on fails, naming kubelet.port. */
  @Test
  void kubeletPortInUseFails() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Doctored run =
          doctor("port-in-use", Map.of("HPK_KUBELET_PORT", Integer.toString(taken.getLocalPort())));

      assertFailed(run, "kubelet-port");
      assertThat(run.line("kubelet-port")).contains("kubelet.port");
    }
  }

  private static void assertFailed(Doctored run, String check) {
    assertThat(run.line(check)).as(run.toString()).startsWith("FAIL  " + check + ": ");
    assertThat(run.exit).as(run.toString()).isEqualTo(1);
  }

  private record Doctored(int exit, List<String> output) {
    String line(String check) {
      return output.stream()
          .filter(line -> line.matches("(ok|warn|FAIL) +" + check + ": .*"))
          .findFirst()
          .orElse("(no line for " + check + ")");
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n" + String.join("\n", output);
    }
  }

  private static Doctored doctor(String name, Map<String, String> env) throws Exception {
    try (HpkProcess doctor =
        HpkProcess.start(
            "doctor-" + name, List.of("doctor", "--config", Lab.HPK_CONFIG.toString()), env)) {
      int exit = doctor.awaitExit(LIMIT);
      return new Doctored(exit, doctor.output());
    }
  }

  /**
   * A directory of links to everything on this PATH but the given commands, so the doctor runs
   * without them and with all the rest.
   */
  private static String pathWithout(String name, Set<String> commands) throws IOException {
    Path bin = Files.createDirectories(scratch.toAbsolutePath().resolve(name + "-bin"));
    for (String entry : System.getenv("PATH").split(":")) {
      Path dir = Path.of(entry);
      if (entry.isEmpty() || !Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Path link = bin.resolve(file.getFileName().toString());
          if (!commands.contains(file.getFileName().toString())
              && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, file.toAbsolutePath());
          }
        }
      }
    }
    return bin.toString();
  }

  private static int closedTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static int closedUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
