package io.hpk.launcher.doctor;

import io.fabric8.kubernetes.client.http.HttpResponse;
import io.hpk.common.config.ConfigException;
import io.vertx.core.json.JsonObject;

/** The API server of the configured kubeconfig answers {@code GET /version}. */
final class ApiServerCheck implements DoctorCheck {

  private final ApiServer api;

  ApiServerCheck(ApiServer api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "api-server";
  }

  @Override
  public CheckResult run() {
    String fix = "start the API server, or fix its address in " + api.kubeconfig();
    try {
      HttpResponse<String> version = api.send("/version", null);
      if (version.code() != 200) {
        return CheckResult.fail(name(), api.url() + "/version answered " + version.code(), fix);
      }
      String gitVersion = new JsonObject(version.body()).getString("gitVersion", "?");
      return CheckResult.ok(name(), api.url() + " answers (Kubernetes " + gitVersion + ")");
    } catch (ConfigException e) {
      return CheckResult.fail(
          name(), e.getMessage(), "set kubernetes.kubeconfig to a kubeconfig this user can read");
    } catch (Exception e) {
      return CheckResult.fail(
          name(), "cannot reach it with " + api.kubeconfig() + ": " + CheckResult.describe(e), fix);
    }
  }
}
