package io.hpk.dns.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadlessServiceMutationTest {

  @Test
  void clusterIpServiceBecomesHeadless() {
    JsonObject response =
        HeadlessServiceMutation.review(review(service("default", "web", "ClusterIP")));

    JsonObject r = response.getJsonObject("response");
    assertThat(r.getString("uid")).isEqualTo("req-1");
    assertThat(r.getBoolean("allowed")).isTrue();
    assertThat(r.getString("patchType")).isEqualTo("JSONPatch");
    JsonArray patch =
        new JsonArray(
            new String(Base64.getDecoder().decode(r.getString("patch")), StandardCharsets.UTF_8));
    assertThat(patch.encode())
        .contains("\"/spec/clusterIP\"")
        .contains("\"None\"")
        .contains("/spec/clusterIPs");
  }

  @Test
  void externalNameAndTheApiServersServiceAreLeftAlone() {
    assertThat(HeadlessServiceMutation.patchFor(service("default", "ext", "ExternalName")))
        .isEmpty();
    assertThat(HeadlessServiceMutation.patchFor(service("default", "kubernetes", "ClusterIP")))
        .isEmpty();
    assertThat(
            HeadlessServiceMutation.review(review(service("default", "ext", "ExternalName")))
                .getJsonObject("response")
                .containsKey("patch"))
        .isFalse();
  }

  @Test
  void nodePortServiceBecomesAHeadlessClusterIpWithoutNodePorts() {
    JsonObject svc = service("default", "np", "NodePort");
    svc.getJsonObject("spec")
        .put("ports", new JsonArray().add(new JsonObject().put("port", 80).put("nodePort", 30080)))
        .put("externalTrafficPolicy", "Cluster");

    String patch = HeadlessServiceMutation.patchFor(svc).encode();

    assertThat(patch)
        .contains("/spec/type")
        .contains("/spec/ports/0/nodePort")
        .contains("/spec/externalTrafficPolicy");
  }

  @Test
  void upstreamSnippetForwardsOrRefuses() {
    assertThat(CorednsUpstream.snippet(List.of("127.0.0.1:5353")))
        .contains("forward . 127.0.0.1:5353");
    assertThat(CorednsUpstream.snippet(List.of())).doesNotContain("forward");
    assertThatThrownBy(() -> CorednsUpstream.snippet(List.of("1.2.3.4; rm")))
        .hasMessageContaining("host[:port]");
  }

  private static JsonObject review(JsonObject object) {
    return new JsonObject()
        .put("apiVersion", "admission.k8s.io/v1")
        .put("kind", "AdmissionReview")
        .put(
            "request",
            new JsonObject().put("uid", "req-1").put("operation", "CREATE").put("object", object));
  }

  private static JsonObject service(String ns, String name, String type) {
    return new JsonObject()
        .put("metadata", new JsonObject().put("namespace", ns).put("name", name))
        .put(
            "spec",
            new JsonObject()
                .put("type", type)
                .put("ports", new JsonArray().add(new JsonObject().put("port", 80))));
  }
}
