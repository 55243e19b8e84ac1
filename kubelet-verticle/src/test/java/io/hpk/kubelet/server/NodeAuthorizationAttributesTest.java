package io.hpk.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeAuthorizationAttributesTest {

  private static NodeAuthorizationAttributes get(String path) {
    return NodeAuthorizationAttributes.of("GET", path, false);
  }

  @Test
  void pathsMapToTheKubeletsSubresources() {
    assertThat(get("/stats/summary").subresources()).containsExactly("stats");
    assertThat(get("/metrics").subresources()).containsExactly("metrics");
    assertThat(get("/metrics/resource").subresources()).containsExactly("metrics");
    assertThat(get("/logs/syslog").subresources()).containsExactly("log");
    assertThat(get("/checkpoint/ns/p/c").subresources()).containsExactly("checkpoint");
    assertThat(get("/containerLogs/ns/p/c").subresources()).containsExactly("proxy");
    assertThat(get("/exec/ns/p/c").subresources()).containsExactly("proxy");
    assertThat(get("/statsx").subresources()).containsExactly("proxy");
  }

  @Test
  void fineGrainedPathsTryTheirOwnSubresourceBeforeProxy() {
    assertThat(get("/pods").subresources()).containsExactly("pods", "proxy");
    assertThat(get("/healthz").subresources()).containsExactly("healthz", "proxy");
    assertThat(get("/configz").subresources()).containsExactly("configz", "proxy");
  }

  @Test
  void verbsComeFromTheMethodAndAWebSocketUpgradeNeedsCreate() {
    assertThat(NodeAuthorizationAttributes.of("POST", "/exec/a/b/c", false).verb())
        .isEqualTo("create");
    assertThat(NodeAuthorizationAttributes.of("GET", "/exec/a/b/c", true))
        .isEqualTo(new NodeAuthorizationAttributes("create", List.of("proxy")));
    assertThat(NodeAuthorizationAttributes.of("PUT", "/x", false).verb()).isEqualTo("update");
    assertThat(NodeAuthorizationAttributes.of("PATCH", "/x", false).verb()).isEqualTo("patch");
    assertThat(NodeAuthorizationAttributes.of("DELETE", "/x", false).verb()).isEqualTo("delete");
    assertThat(NodeAuthorizationAttributes.of("HEAD", "/x", false).verb()).isEmpty();
  }
}
