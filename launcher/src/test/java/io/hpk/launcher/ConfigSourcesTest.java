package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpk.common.config.ConfigEntry;
import io.hpk.common.config.ConfigException;
import io.hpk.common.config.HpkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigSourcesTest {

  @Test
  void yamlFileIsReadNestedAndDotted(Vertx vertx, VertxTestContext test, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("hpk.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "node:",
            "  name: yaml-node",
            "kubelet.port: 11250",
            "scheduler:",
            "  names: [a, b]"));

    ConfigSources.load(vertx, Optional.of(file))
        .onComplete(
            test.succeeding(
                entries ->
                    test.verify(
                        () -> {
                          HpkConfig config = HpkConfig.parse(entries);
                          assertThat(config.node().name()).isEqualTo("yaml-node");
                          assertThat(config.kubelet().port()).isEqualTo(11250);
                          assertThat(config.scheduler().schedulerNames())
                              .containsExactlyInAnyOrder("a", "b");
                          test.completeNow();
                        })));
  }

  @Test
  void unknownKeyInTheFileStopsTheStartNamingTheFile(
      Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "node:\n  nmae: x\n");

    ConfigSources.load(vertx, Optional.of(file))
        .onComplete(
            test.succeeding(
                entries ->
                    test.verify(
                        () -> {
                          assertThatThrownBy(() -> HpkConfig.parse(entries))
                              .isInstanceOf(ConfigException.class)
                              .hasMessageContaining("'node.nmae'")
                              .hasMessageContaining("typo.yaml");
                          test.completeNow();
                        })));
  }

  @Test
  void environmentOverridesFileAndLabVariablesAreIgnored() {
    List<ConfigEntry> entries =
        new ArrayList<>(
            ConfigSources.fromFile(new JsonObject().put("node.name", "file"), Path.of("f")));
    entries.addAll(
        ConfigSources.fromEnv(
            new JsonObject()
                .put("HPK_NODE_NAME", "env")
                .put("HPK_NODE_LEASE_RENEW_SECONDS", "5")
                .put("HPK_LAB_STATE", "/var/lib/hpk-lab")
                .put("PATH", "/bin")));

    HpkConfig config = HpkConfig.parse(entries);

    assertThat(config.node().name()).isEqualTo("env");
    assertThat(config.node().leaseRenewInterval()).hasSeconds(5);
  }

  @Test
  void systemPropertiesWinOverEnvironment() {
    List<ConfigEntry> entries =
        new ArrayList<>(ConfigSources.fromEnv(new JsonObject().put("HPK_KUBELET_PORT", "1")));
    entries.addAll(
        ConfigSources.fromSystemProperties(
            new JsonObject().put("hpk.kubelet.port", "2").put("java.version", "17")));

    assertThat(HpkConfig.parse(entries).kubelet().port()).isEqualTo(2);
  }

  @Test
  void unknownEnvironmentVariableIsReportedByItsName() {
    List<ConfigEntry> entries = ConfigSources.fromEnv(new JsonObject().put("HPK_NODE_NMAE", "x"));

    assertThatThrownBy(() -> HpkConfig.parse(entries)).hasMessageContaining("env HPK_NODE_NMAE");
  }
}
