package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.site.SiteCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The checks that need nothing but this machine's loopback and files. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalChecksTest {

  /** A port something already listens on fails and names the key that moves it. */
  @Test
  void boundPortFailsAndFreePortPasses() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      CheckResult busy = new PortCheck("kubelet-port", "kubelet.port", "127.0.0.1", port).run();

      assertThat(busy.status()).isEqualTo(CheckResult.Status.FAIL);
      assertThat(busy.fix()).contains("kubelet.port");
    }
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    assertThat(new PortCheck("kubelet-port", "kubelet.port", "127.0.0.1", free).run().status())
        .isEqualTo(CheckResult.Status.OK);
  }

  /** A DNS server that answers passes; a closed port fails at once. */
  @Test
  void upstreamThatAnswersPassesAndClosedPortFails() throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> answerOnce(server));
      answering.start();
      String address = "127.0.0.1:" + server.getLocalPort();

      assertThat(new UpstreamDnsCheck(List.of(address)).run().status())
          .isEqualTo(CheckResult.Status.OK);
      answering.join();
    }
    int closed;
    try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      closed = gone.getLocalPort();
    }
    CheckResult silent = new UpstreamDnsCheck(List.of("127.0.0.1:" + closed)).run();
    assertThat(silent.status()).isEqualTo(CheckResult.Status.FAIL);
    assertThat(silent.detail()).contains(Integer.toString(closed));
  }

  /** Upstreams are host[:port] as in dns.upstream; anything else names the entry. */
  @Test
  void upstreamAddressesAreHostAndOptionalPort() {
    assertThat(UpstreamDnsCheck.address("127.0.0.1:5353"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
    assertThat(UpstreamDnsCheck.address("127.0.0.1").getPort()).isEqualTo(53);
    assertThatThrownBy(() -> UpstreamDnsCheck.address("127.0.0.1:dns"))
        .hasMessageContaining("'127.0.0.1:dns'");
  }

  /** A work directory HPK can make passes; one this user cannot create fails, also compute-node. */
  @Test
  void workDirMustExistOrBeCreatable(@TempDir Path dir) throws Exception {
    Path later = dir.resolve("pods");
    Path blocked = dir.resolve("file").resolve("pods");
    Files.writeString(dir.resolve("file"), "not a directory");

    assertThat(new WorkDirCheck(dir).run().line())
        .isEqualTo("ok    work-dir: " + dir + " is writable here");
    assertThat(new WorkDirCheck(later).run().status()).isEqualTo(CheckResult.Status.OK);
    assertThat(new WorkDirCheck(blocked).run().line())
        .startsWith(
            "FAIL  work-dir: " + blocked + " does not exist and this user cannot create it");
    CheckResult computeNode =
        new ComputeNodeCheck(new ProcessRunner(), new SiteCheck.Settings(blocked, "", "", ""))
            .run();
    assertThat(computeNode.line()).startsWith("FAIL  compute-node: not run: ");
    assertThat(later).doesNotExist();
  }

  private static void answerOnce(DatagramSocket server) {
    try {
      byte[] buffer = new byte[512];
      DatagramPacket query = new DatagramPacket(buffer, buffer.length);
      server.receive(query);
      buffer[2] = (byte) (buffer[2] | 0x80);
      server.send(
          new DatagramPacket(buffer, query.getLength(), query.getAddress(), query.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
