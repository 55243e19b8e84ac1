package io.hpk.kubelet.server;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.config.HpkConfig.KubeletServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet serving certificate requested from the cluster, as a kubelet with serverTLSBootstrap
 * does: a key made here, a CertificateSigningRequest for signer kubernetes.io/kubelet-serving
 * (O=system:nodes, CN=system:node:NAME, the node address as SAN), approved by HPK itself and signed
 * by the controller-manager. A certificate still valid for a day is reused. Blocking: worker pool
 * only.
 */
public final class ServingCertificateRequest {

  private static final Logger LOG = LoggerFactory.getLogger(ServingCertificateRequest.class);
  private static final String SIGNER = "kubernetes.io/kubelet-serving";
  private static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;

  public ServingCertificateRequest(KubernetesClient client) {
    this.client = client;
  }

  /** The configuration with certificate files: the configured ones, or requested ones. */
  public KubeletServerConfig ensure(KubeletServerConfig config, String nodeName, String address)
      throws IOException, InterruptedException {
    if (!config.requestsServingCertificate()) {
      return config;
    }
    Path dir = Files.createDirectories(Path.of(config.servingCertDir()));
    Path key = dir.resolve("kubelet-serving.key");
    Path cert = dir.resolve("kubelet-serving.crt");
    if (!validForADay(cert)) {
      request(nodeName, address, key, cert);
    }
    return config.withServingCertificate(cert.toString(), key.toString());
  }

  private void request(String nodeName, String address, Path key, Path cert)
      throws IOException, InterruptedException {
    openssl(
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        key.toString());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    String san = (address.matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:") + address + ",DNS:" + nodeName;
    byte[] csrPem =
        openssl(
            "req",
            "-new",
            "-key",
            key.toString(),
            "-subj",
            "/O=system:nodes/CN=system:node:" + nodeName,
            "-addext",
            "subjectAltName=" + san);
    String name = "hpk-serving-" + nodeName + "-" + Instant.now().getEpochSecond();
    CertificateSigningRequest csr =
        new CertificateSigningRequestBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app.kubernetes.io/managed-by", "hpk")
            .endMetadata()
            .withNewSpec()
            .withSignerName(SIGNER)
            .withRequest(Base64.getEncoder().encodeToString(csrPem))
            .withUsages("digital signature", "server auth")
            .endSpec()
            .build();
    var csrs = client.certificates().v1().certificateSigningRequests();
    csrs.resource(csr).create();
    csrs.withName(name)
        .approve(
            new CertificateSigningRequestConditionBuilder()
                .withType("Approved")
                .withStatus("True")
                .withReason("HpkNodeServingCertificate")
                .withMessage("HPK approves the serving certificate of its own node " + nodeName)
                .build());
    LOG.info("[node {}] requested its serving certificate as CSR {}", nodeName, name);
    String issued = awaitCertificate(name);
    Path partial = cert.resolveSibling(cert.getFileName() + ".tmp");
    Files.write(partial, Base64.getDecoder().decode(issued));
    Files.move(partial, cert, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String awaitCertificate(String name) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(ISSUE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      CertificateSigningRequest csr =
          client.certificates().v1().certificateSigningRequests().withName(name).get();
      if (csr != null && csr.getStatus() != null) {
        if (csr.getStatus().getCertificate() != null
            && !csr.getStatus().getCertificate().isEmpty()) {
          return csr.getStatus().getCertificate();
        }
        boolean failed =
            csr.getStatus().getConditions() != null
                && csr.getStatus().getConditions().stream()
                    .anyMatch(c -> List.of("Denied", "Failed").contains(c.getType()));
        if (failed) {
          throw new IOException(
              "CSR " + name + " was denied or failed: " + csr.getStatus().getConditions());
        }
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IOException(
        "CSR "
            + name
            + " was not signed within "
            + ISSUE_TIMEOUT.toSeconds()
            + "s: does kube-controller-manager run with --cluster-signing-cert-file/--cluster-signing-key-file?");
  }

  private static boolean validForADay(Path cert) {
    if (!Files.isReadable(cert)) {
      return false;
    }
    try {
      X509Certificate x509 =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
      return x509.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)));
    } catch (IOException | CertificateException e) {
      return false;
    }
  }

  private static byte[] openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("openssl " + args[0] + " failed: " + err.strip());
    }
    return out;
  }
}
