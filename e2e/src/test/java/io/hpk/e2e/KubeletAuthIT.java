package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet port authenticates callers as a kubelet does: anonymous and foreign CAs get in no
 * further.
 */
@Timeout(300)
class KubeletAuthIT {

  private static final String PODS = "https://127.0.0.1:10250/pods";
  private static final Path PKI = Lab.STATE.resolve("pki");
  private static HpkProcess hpk;

  @TempDir static Path tmp;

  @BeforeAll
  static void startHpk() throws Exception {
    hpk = HpkLab.start("kubelet-auth");
    // The node is Ready before the kubelet API has started listening.
    Eventually.await(
        Duration.ofSeconds(60),
        "kubelet API listening on 10250",
        () -> {
          try {
            return !curl().out().endsWith("\n000");
          } catch (Exception e) {
            return false;
          }
        },
        hpk::logTail);
  }

  @AfterAll
  static void stopHpk() throws Exception {
    if (hpk != null) {
      assertThat(hpk.terminate()).isZero();
    }
  }

  /** Exit code and output of a command. */
  private record Run(int exitCode, String out) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out);
  }

  private static Run curl(String... extra) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--cacert",
                PKI.resolve("ca.crt").toString(),
                "-w",
                "\n%{http_code}"));
    command.addAll(List.of(extra));
    command.add(PODS);
    return run(command.toArray(String[]::new));
  }

  @Test
  void requestWithoutCredentialsIs401() throws Exception {
    Run anonymous = curl();
    assertThat(anonymous.out()).endsWith("\n401");
    assertThat(anonymous.out()).contains("Unauthorized");
  }

  @Test
  void certificateFromAnotherCaIsRefused() throws Exception {
    String key = tmp.resolve("other.key").toString();
    String crt = tmp.resolve("other.crt").toString();
    String clientKey = tmp.resolve("client.key").toString();
    String csr = tmp.resolve("client.csr").toString();
    String clientCrt = tmp.resolve("client.crt").toString();
    assertThat(
            run(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    key,
                    "-out",
                    crt,
                    "-days",
                    "1",
                    "-subj",
                    "/CN=other-ca")
                .exitCode())
        .isZero();
    assertThat(
            run(
                    "openssl",
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    clientKey,
                    "-out",
                    csr,
                    "-subj",
                    "/O=system:masters/CN=kube-apiserver-kubelet-client")
                .exitCode())
        .isZero();
    assertThat(
            run(
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    csr,
                    "-CA",
                    crt,
                    "-CAkey",
                    key,
                    "-CAcreateserial",
                    "-out",
                    clientCrt,
                    "-days",
                    "1")
                .exitCode())
        .isZero();

    Run foreign = curl("--cert", clientCrt, "--key", clientKey);

    boolean handshakeRefused = foreign.exitCode() != 0;
    assertThat(handshakeRefused || foreign.out().endsWith("\n401"))
        .as("refused, got: %s", foreign.out())
        .isTrue();
    assertThat(foreign.out()).doesNotContain("PodList");
  }

  @Test
  void apiServersKubeletClientCertificateListsThePods() throws Exception {
    Run admin =
        curl(
            "--cert", PKI.resolve("apiserver-kubelet-client.crt").toString(),
            "--key", PKI.resolve("apiserver-kubelet-client.key").toString());
    assertThat(admin.out()).endsWith("\n200");
    assertThat(admin.out()).contains("\"kind\":\"PodList\"");
  }
}
