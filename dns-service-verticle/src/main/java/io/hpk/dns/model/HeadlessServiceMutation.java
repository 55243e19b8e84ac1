package io.hpk.dns.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The admission decision for a Service CREATE: in an HPK cluster there are no virtual IPs to route,
 * so every Service becomes headless and clients reach pods through DNS. ExternalName Services and
 * the API server's own default/kubernetes are left alone. Pure: AdmissionReview in, out.
 */
public final class HeadlessServiceMutation {

  private HeadlessServiceMutation() {}

  /** The AdmissionReview response for an AdmissionReview request. */
  public static JsonObject review(JsonObject admissionReview) {
    JsonObject request = admissionReview.getJsonObject("request", new JsonObject());
    JsonObject response =
        new JsonObject().put("uid", request.getString("uid", "")).put("allowed", true);
    JsonObject service = request.getJsonObject("object");
    JsonArray patch = service == null ? new JsonArray() : patchFor(service);
    if (!patch.isEmpty()) {
      response
          .put("patchType", "JSONPatch")
          .put(
              "patch",
              Base64.getEncoder().encodeToString(patch.encode().getBytes(StandardCharsets.UTF_8)))
          .put(
              "warnings",
              new JsonArray()
                  .add(
                      "HPK has no service virtual IPs: this Service was made headless; reach it by DNS name"));
    }
    return new JsonObject()
        .put("apiVersion", admissionReview.getString("apiVersion", "admission.k8s.io/v1"))
        .put("kind", "AdmissionReview")
        .put("response", response);
  }

  /** The JSON patch that makes the Service headless, or an empty one when it should stay. */
  public static JsonArray patchFor(JsonObject service) {
    JsonObject metadata = service.getJsonObject("metadata", new JsonObject());
    JsonObject spec = service.getJsonObject("spec", new JsonObject());
    String type = spec.getString("type", "ClusterIP");
    boolean apiServer =
        "default".equals(metadata.getString("namespace"))
            && "kubernetes".equals(metadata.getString("name"));
    if (apiServer || "ExternalName".equals(type) || "None".equals(spec.getString("clusterIP"))) {
      return new JsonArray();
    }
    JsonArray patch =
        new JsonArray()
            .add(op("add", "/spec/clusterIP", "None"))
            .add(op("add", "/spec/clusterIPs", new JsonArray().add("None")));
    if (!"ClusterIP".equals(type)) {
      // NodePort and LoadBalancer cannot be headless; their node ports would not be served anyway.
      patch.add(op("add", "/spec/type", "ClusterIP"));
      JsonArray ports = spec.getJsonArray("ports", new JsonArray());
      for (int i = 0; i < ports.size(); i++) {
        if (ports.getJsonObject(i).containsKey("nodePort")) {
          patch.add(
              new JsonObject().put("op", "remove").put("path", "/spec/ports/" + i + "/nodePort"));
        }
      }
      for (String field :
          new String[] {
            "externalTrafficPolicy",
            "allocateLoadBalancerNodePorts",
            "loadBalancerIP",
            "loadBalancerSourceRanges",
            "loadBalancerClass",
            "healthCheckNodePort"
          }) {
        if (spec.containsKey(field)) {
          patch.add(new JsonObject().put("op", "remove").put("path", "/spec/" + field));
        }
      }
    }
    return patch;
  }

  private static JsonObject op(String op, String path, Object value) {
    return new JsonObject().put("op", op).put("path", path).put("value", value);
  }
}
