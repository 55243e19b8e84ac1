package io.hpk.launcher.doctor;

import io.fabric8.kubernetes.client.http.HttpResponse;
import io.vertx.core.json.JsonObject;

/**
 * The API server accepts the kubeconfig's credentials (a SelfSubjectReview says as whom) and lets
 * that user read nodes, the least HPK's kubelet does.
 */
final class ApiCredentialsCheck implements DoctorCheck {

  private static final String REVIEW =
      new JsonObject()
          .put("apiVersion", "authentication.k8s.io/v1")
          .put("kind", "SelfSubjectReview")
          .encode();

  private final ApiServer api;

  ApiCredentialsCheck(ApiServer api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "api-credentials";
  }

  @Override
  public CheckResult run() {
    try {
      HttpResponse<String> review =
          api.send("/apis/authentication.k8s.io/v1/selfsubjectreviews", REVIEW);
      if (review.code() == 401) {
        return CheckResult.fail(
            name(),
            "the API server rejects the credentials in " + api.kubeconfig() + " (401)",
            "renew the client certificate or token in " + api.kubeconfig());
      }
      if (review.code() != 201 && review.code() != 200) {
        return CheckResult.fail(
            name(), "SelfSubjectReview answered " + review.code() + ": " + review.body(), "");
      }
      String user = userOf(review.body());
      HttpResponse<String> nodes = api.send("/api/v1/nodes?limit=1", null);
      if (nodes.code() != 200) {
        return CheckResult.fail(
            name(),
            user + " may not list nodes (" + nodes.code() + ")",
            "bind " + user + " to HPK's roles (deploy/manifests/hpk-rbac.yaml)");
      }
      return CheckResult.ok(name(), "accepted as " + user + ", who may list nodes");
    } catch (Exception e) {
      return CheckResult.fail(name(), "not checked: " + CheckResult.describe(e), "");
    }
  }

  static String userOf(String review) {
    return new JsonObject(review)
        .getJsonObject("status", new JsonObject())
        .getJsonObject("userInfo", new JsonObject())
        .getString("username", "?");
  }
}
