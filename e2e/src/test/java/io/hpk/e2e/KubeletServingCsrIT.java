package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without certificate files, the kubelet requests its serving certificate through a
 * CertificateSigningRequest; kube-apiserver, which verifies kubelets against the cluster CA, then
 * serves kubectl logs from it.
 */
@Timeout(300)
class KubeletServingCsrIT {

  @Test
  void servingCertificateComesFromAnApprovedKubeletServingCsr() throws Exception {
    Path certDir = Files.createTempDirectory("hpk-serving-");
    HpkProcess hpk =
        HpkProcess.start(
            "serving-csr",
            List.of("--config", Lab.HPK_CONFIG.toString()),
            Map.of(
                "HPK_NODE_NAME",
                HpkLab.NODE,
                "HPK_KUBELET_TLS_CERT_FILE",
                "",
                "HPK_KUBELET_TLS_KEY_FILE",
                "",
                "HPK_KUBELET_SERVING_CERT_DIR",
                certDir.toString()));
    try {
      Eventually.await(
          Duration.ofSeconds(120),
          "HPK started",
          () -> hpk.logTail().contains("role kubelet started"),
          hpk::logTail);
      String csrs =
          Kubectl.run(
              "get",
              "csr",
              "-o",
              "jsonpath={range .items[*]}{.spec.signerName} {.status.conditions[*].type} {.status.certificate}{\"\\n\"}{end}");
      assertThat(
              csrs.lines()
                  .filter(
                      l ->
                          l.startsWith("kubernetes.io/kubelet-serving Approved ")
                              && l.split(" ").length == 3))
          .isNotEmpty();
      assertThat(certDir.resolve("kubelet-serving.crt")).exists();

      String pod = "csr-" + System.nanoTime() % 100000;
      Kubectl.run(
          "run",
          pod,
          "--image=localhost:5000/busybox:1.35",
          "--restart=Never",
          "--",
          "sh",
          "-c",
          "echo served-through-csr-cert");
      Eventually.await(
          Duration.ofSeconds(120),
          pod + " Succeeded",
          () -> "Succeeded".equals(Kubectl.jsonpath("default", "pod/" + pod, "{.status.phase}")),
          hpk::logTail);
      assertThat(Kubectl.run("logs", pod)).contains("served-through-csr-cert");
      Kubectl.tryRun("delete", "pod", pod, "--wait=false");
      assertThat(hpk.terminate()).isZero();
    } finally {
      hpk.close();
    }
  }
}
