package io.hpk.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpkConfigTest {

  @Test
  void defaultsDescribeTheLabNode() {
    HpkConfig config = HpkConfig.defaults();

    assertThat(config.node().name()).isEqualTo("hpk-kubelet");
    assertThat(config.kubelet().port()).isEqualTo(10250);
    assertThat(config.node().leaseRenewInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.scheduler().schedulerNames())
        .containsExactlyInAnyOrder("default-scheduler", "hpk-scheduler");
    assertThat(config.describe()).containsEntry("node.name", "hpk-kubelet");
    assertThat(config.tokens()).isEqualTo(new HpkConfig.TokenConfig(10, 80));
  }

  @Test
  void tokenRefreshLaterThanEightyPercentIsRefused() {
    assertThatThrownBy(
            () ->
                HpkConfig.parse(
                    List.of(new ConfigEntry("kubelet.token-refresh-percent", "95", "env X"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kubelet.token-refresh-percent")
        .hasMessageContaining("from 1 to 80");
  }

  /** The status patch limit is the stock kubelet's 50/s, burst 100, unless configured. */
  @Test
  void statusPatchLimitIsConfigurable() {
    assertThat(HpkConfig.defaults().statusPatches())
        .isEqualTo(new HpkConfig.StatusPatchConfig(50, 100));
    HpkConfig config =
        HpkConfig.parse(
            List.of(
                new ConfigEntry("kubelet.status-patches-per-second", "200", "env X"),
                new ConfigEntry("kubelet.status-patch-burst", "400", "env Y")));

    assertThat(config.statusPatches()).isEqualTo(new HpkConfig.StatusPatchConfig(200, 400));
    assertThatThrownBy(
            () ->
                HpkConfig.parse(
                    List.of(new ConfigEntry("kubelet.status-patches-per-second", "0", "env X"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kubelet.status-patches-per-second");
  }

  @Test
  void laterEntriesWinOverEarlierOnes() {
    HpkConfig config =
        HpkConfig.parse(
            List.of(
                new ConfigEntry("node.name", "from-file", "file hpk.yaml"),
                new ConfigEntry("node.name", "from-env", "env HPK_NODE_NAME"),
                new ConfigEntry("kubelet.port", "11250", "system property hpk.kubelet.port")));

    assertThat(config.node().name()).isEqualTo("from-env");
    assertThat(config.kubelet().port()).isEqualTo(11250);
    assertThat(config.describe()).containsEntry("kubelet.port", "11250");
  }

  @Test
  void unknownKeyIsNamedWithItsSource() {
    assertThatThrownBy(
            () -> HpkConfig.parse(List.of(new ConfigEntry("node.nmae", "x", "env HPK_NODE_NMAE"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key 'node.nmae'")
        .hasMessageContaining("env HPK_NODE_NMAE");
  }

  @Test
  void invalidPortNamesKeyValueAndExpectation() {
    assertThatThrownBy(
            () -> HpkConfig.parse(List.of(new ConfigEntry("kubelet.port", "http", "file a.yaml"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'http'")
        .hasMessageContaining("'kubelet.port'")
        .hasMessageContaining("file a.yaml")
        .hasMessageContaining("an integer from 1 to 65535");
  }

  /** The status page is on loopback port 8470 by default, port 0 turns it off, 65536 is refused. */
  @Test
  void statusPageIsOnLoopbackByDefaultAndOffWithPortZero() {
    assertThat(HpkConfig.defaults().ui()).isEqualTo(new HpkConfig.UiConfig("127.0.0.1", 8470));
    assertThat(HpkConfig.defaults().ui().enabled()).isTrue();
    assertThat(HpkConfig.parse(List.of(new ConfigEntry("ui.port", "0", "env HPK_UI_PORT"))).ui())
        .returns(false, HpkConfig.UiConfig::enabled);
    assertThatThrownBy(
            () -> HpkConfig.parse(List.of(new ConfigEntry("ui.port", "65536", "env HPK_UI_PORT"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'ui.port'")
        .hasMessageContaining("an integer from 0 to 65535");
  }

  /**
   * The clustered event bus is secured unless the configuration says otherwise in so many words.
   */
  @Test
  void clusterIsSecureByDefaultAndInsecureOnlyWhenSaidExactly() {
    assertThat(HpkConfig.defaults().cluster().insecure()).isFalse();
    assertThat(
            HpkConfig.parse(List.of(new ConfigEntry("cluster.insecure", "true", "file a.yaml")))
                .cluster()
                .insecure())
        .isTrue();
    assertThatThrownBy(
            () ->
                HpkConfig.parse(List.of(new ConfigEntry("cluster.insecure", "yes", "file a.yaml"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.insecure'")
        .hasMessageContaining("one of true, false");
  }

  @Test
  void kubeletCertificateWithoutKeyIsRejectedNamingBothKeys() {
    assertThatThrownBy(
            () ->
                HpkConfig.parse(
                    List.of(new ConfigEntry("kubelet.tls-cert-file", "/pki/k.crt", "file a.yaml"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kubelet.tls-cert-file'")
        .hasMessageContaining("'kubelet.tls-key-file'");
  }

  @Test
  void kubeletApiIsOffWithoutCertificateAndOnWithOne() {
    assertThat(HpkConfig.defaults().kubelet().apiEnabled()).isFalse();
    HpkConfig config =
        HpkConfig.parse(
            List.of(
                new ConfigEntry("kubelet.tls-cert-file", "/pki/k.crt", "file a.yaml"),
                new ConfigEntry("kubelet.tls-key-file", "/pki/k.key", "file a.yaml")));
    assertThat(config.kubelet().apiEnabled()).isTrue();
    assertThat(config.kubelet().clientCaFile()).isEmpty();
  }

  @Test
  void nodeNameMustBeAKubernetesName() {
    assertThatThrownBy(
            () -> HpkConfig.parse(List.of(new ConfigEntry("node.name", "HPK Node", "file a.yaml"))))
        .hasMessageContaining("RFC 1123");
  }

  @Test
  void logLevelIsOneOfTheKnownLevels() {
    assertThatThrownBy(
            () -> HpkConfig.parse(List.of(new ConfigEntry("log.level", "loud", "file a.yaml"))))
        .hasMessageContaining("one of error, warn, info, debug, trace");
  }

  @Test
  void environmentNamesMapToKeys() {
    assertThat(ConfigKey.NODE_LEASE_RENEW.envName()).isEqualTo("HPK_NODE_LEASE_RENEW_SECONDS");
    assertThat(ConfigKey.byEnvName("HPK_KUBERNETES_KUBECONFIG")).contains(ConfigKey.KUBECONFIG);
    assertThat(ConfigKey.byEnvName("HPK_NOPE")).isEmpty();
  }
}
