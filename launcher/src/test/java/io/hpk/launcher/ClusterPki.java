package io.hpk.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cluster CAs, member certificates and secrets made with openssl, as the lab's scripts make them.
 */
final class ClusterPki {

  /** A member's certificate and key, and the CA it trusts. */
  record MemberTls(Path cert, Path key, Path ca) {}

  private final Path dir;

  ClusterPki(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA; returns its certificate. */
  Path ca(String name) throws IOException, InterruptedException {
    Path crt = dir.resolve(name + ".crt");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=" + name,
        "-keyout",
        dir.resolve(name + ".key").toString(),
        "-out",
        crt.toString(),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,digitalSignature");
    return crt;
  }

  /** A member certificate for both ends of a TLS connection, signed by {@code signer}'s key. */
  MemberTls member(String name, String signer, Path trusted)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path crt = dir.resolve(name + ".crt");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=" + name,
        "-CA",
        dir.resolve(signer + ".crt").toString(),
        "-CAkey",
        dir.resolve(signer + ".key").toString(),
        "-keyout",
        key.toString(),
        "-out",
        crt.toString(),
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "extendedKeyUsage=serverAuth,clientAuth");
    return new MemberTls(crt, key, trusted);
  }

  /** An owner-only secret file. */
  Path secret(String name, String value) throws IOException {
    Path file = dir.resolve(name + ".secret");
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}
