package io.hpk.launcher;

import io.hpk.common.config.HpkConfig;
import io.hpk.launcher.doctor.ApiServer;
import io.hpk.launcher.doctor.CheckResult;
import io.hpk.launcher.doctor.Doctor;
import io.hpk.launcher.doctor.DoctorChecks;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code hpk doctor}: reads the configuration exactly as HPK does, then checks the site against it.
 * Runs on the main thread; the Vert.x instance only carries the Kubernetes client.
 */
final class DoctorCommand {

  private static final long CONFIG_SECONDS = 30;

  private DoctorCommand() {}

  /** Prints one line per check and returns the exit status. */
  static int run(LaunchOptions options, PrintStream out) {
    LogLevels.apply("warn");
    Vertx vertx = Vertx.vertx();
    try {
      HpkConfig config = load(vertx, options);
      try (ApiServer api =
          new ApiServer(
              () -> KubernetesClients.forDoctor(vertx, config.kubernetes()), kubeconfig(config))) {
        return new Doctor(DoctorChecks.of(config, api)).report(out);
      }
    } catch (ExecutionException e) {
      out.println(
          CheckResult.fail("config", e.getCause().getMessage(), "fix the configuration").line());
      return 1;
    } catch (Exception e) {
      out.println(CheckResult.fail("doctor", e.toString(), "").line());
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static HpkConfig load(Vertx vertx, LaunchOptions options) throws Exception {
    return ConfigSources.load(vertx, options.configFile())
        .map(HpkConfig::parse)
        .toCompletionStage()
        .toCompletableFuture()
        .get(CONFIG_SECONDS, TimeUnit.SECONDS);
  }

  private static String kubeconfig(HpkConfig config) {
    return config.kubernetes().kubeconfig().isEmpty()
        ? "the default kubeconfig ($KUBECONFIG, ~/.kube/config)"
        : config.kubernetes().kubeconfig();
  }
}
