package io.hpk.e2e;

import java.nio.file.Path;

/** Where the lab that `make test` brought up keeps its files. */
final class Lab {

  static final Path STATE = Path.of(System.getProperty("hpk.lab.state", "/var/lib/hpk-lab"));
  static final Path ADMIN_KUBECONFIG = STATE.resolve("admin.kubeconfig");
  static final Path HPK_CONFIG =
      Path.of(System.getProperty("hpk.lab.config", "../deploy/lab/hpk-lab.yaml"));
  static final Path HPK_JAR = Path.of(System.getProperty("hpk.jar", "../launcher/target/hpk.jar"));
  static final Path CACHE = Path.of(System.getProperty("hpk.lab.cache", "/var/cache/hpk"));
  static final String KUBECTL =
      System.getProperty("hpk.kubectl", "/usr/lib/google-cloud-sdk/bin/kubectl.1.33");

  private Lab() {}
}
