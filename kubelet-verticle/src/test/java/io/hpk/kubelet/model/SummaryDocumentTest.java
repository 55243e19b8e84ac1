package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SummaryDocumentTest {

  private final JsonObject summary = SummaryDocument.render("hpk-kubelet", UsageFixtures.sample());

  @Test
  void nodeCarriesTheMachinesCpuAndMemory() {
    JsonObject node = summary.getJsonObject("node");

    assertThat(node.getString("nodeName")).isEqualTo("hpk-kubelet");
    assertThat(node.getString("startTime")).isEqualTo("2026-11-28T20:07:13Z");
    assertThat(node.getJsonObject("cpu").getLong("usageCoreNanoSeconds"))
        .isEqualTo(2_673_020_000_000L);
    assertThat(node.getJsonObject("cpu").getLong("usageNanoCores")).isEqualTo(1_500_000_000L);
    assertThat(node.getJsonObject("cpu").getString("time")).isEqualTo("2026-11-30T00:53:20Z");
    assertThat(node.getJsonObject("memory").getLong("workingSetBytes")).isEqualTo(1_300_000_000L);
    assertThat(node.getJsonObject("memory").getLong("availableBytes")).isEqualTo(23_000_000_000L);
  }

  @Test
  void podsWithoutARealSampleAreLeftOut() {
    assertThat(summary.getJsonArray("pods")).hasSize(1);
    assertThat(summary.getJsonArray("pods").getJsonObject(0).getJsonObject("podRef"))
        .isEqualTo(
            new JsonObject().put("name", "burner").put("namespace", "default").put("uid", "uid-1"));
  }

  @Test
  void containersCarryTheirOwnUsageAndThePodTheSum() {
    JsonObject pod = summary.getJsonArray("pods").getJsonObject(0);
    JsonObject main = pod.getJsonArray("containers").getJsonObject(0);

    assertThat(main.getString("name")).isEqualTo("main");
    assertThat(main.getString("startTime")).isEqualTo("2026-11-30T00:53:10Z");
    assertThat(main.getJsonObject("cpu").getLong("usageNanoCores")).isEqualTo(998_000_000L);
    assertThat(main.getJsonObject("cpu").getLong("usageCoreNanoSeconds"))
        .isEqualTo(12_340_000_000L);
    assertThat(main.getJsonObject("memory").getLong("workingSetBytes")).isEqualTo(1_048_576L);
    assertThat(main.getJsonObject("memory").getLong("usageBytes")).isEqualTo(4_194_304L);
    assertThat(pod.getString("startTime")).isEqualTo("2026-11-30T00:53:10Z");
    assertThat(pod.getJsonObject("cpu").getLong("usageCoreNanoSeconds")).isEqualTo(12_350_000_000L);
    assertThat(pod.getJsonObject("memory").getLong("workingSetBytes")).isEqualTo(1_572_864L);
  }

  @Test
  void aRateIsLeftOutUntilThereAreTwoSamples() {
    JsonObject pod = summary.getJsonArray("pods").getJsonObject(0);
    JsonObject side = pod.getJsonArray("containers").getJsonObject(1);

    assertThat(side.getJsonObject("cpu").containsKey("usageNanoCores")).isFalse();
    assertThat(pod.getJsonObject("cpu").containsKey("usageNanoCores")).isFalse();
  }
}
