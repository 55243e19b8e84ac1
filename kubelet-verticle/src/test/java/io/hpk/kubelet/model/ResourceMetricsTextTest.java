package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceMetricsTextTest {

  private final String text = ResourceMetricsText.render(UsageFixtures.sample());

  @Test
  void containerSeriesCarryContainerPodAndNamespaceLabelsAndTheSampleTime() {
    assertThat(text)
        .contains(
            "container_cpu_usage_seconds_total{container=\"main\",namespace=\"default\",pod=\"burner\"} 12.34 1796000000123\n",
            "container_memory_working_set_bytes{container=\"side\",namespace=\"default\",pod=\"burner\"} 524288 1796000000123\n",
            "container_start_time_seconds{container=\"main\",namespace=\"default\",pod=\"burner\"} 1795999990 1796000000123\n");
  }

  @Test
  void nodeAndPodSeriesAreThere() {
    assertThat(text)
        .contains(
            "node_cpu_usage_seconds_total 2673.02 1796000000123\n",
            "node_memory_working_set_bytes 1300000000 1796000000123\n",
            "pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"burner\"} 12.35 1796000000123\n",
            "pod_memory_working_set_bytes{namespace=\"default\",pod=\"burner\"} 1572864 1796000000123\n",
            "scrape_error 0\n");
  }

  @Test
  void everySeriesHasHelpAndTypeOnce() {
    assertThat(text).containsOnlyOnce("# TYPE container_cpu_usage_seconds_total counter\n");
    assertThat(text).containsOnlyOnce("# TYPE node_memory_working_set_bytes gauge\n");
    assertThat(text).containsOnlyOnce("# HELP scrape_error [ALPHA] 1 if there was an error");
  }

  @Test
  void aPodWithAZeroSampleIsLeftOutBecauseMetricsServerWouldDropIt() {
    assertThat(text).doesNotContain("starting");
  }

  @Test
  void labelValuesAndSecondsAreWrittenSoPrometheusParsesThem() {
    assertThat(ResourceMetricsText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    assertThat(ResourceMetricsText.seconds(1_500_000_000_000_000_000L)).isEqualTo("1500000000");
    assertThat(ResourceMetricsText.seconds(10_000_000L)).isEqualTo("0.01");
    assertThat(ResourceMetricsText.seconds(0)).isEqualTo("0");
  }

  @Test
  void aFailedSampleIsAScrapeErrorWithoutStaleValues() {
    assertThat(ResourceMetricsText.scrapeError())
        .endsWith("scrape_error 1\n")
        .doesNotContain("node_");
  }
}
