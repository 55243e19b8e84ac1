package io.hpk.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validated configuration of one HPK JVM, grouped by the verticle that uses it. */
public record HpkConfig(
    KubernetesConfig kubernetes,
    NodeConfig node,
    KubeletServerConfig kubelet,
    TokenConfig tokens,
    StatusPatchConfig statusPatches,
    SlurmConfig slurm,
    SchedulerConfig scheduler,
    ClusterConfig cluster,
    DnsConfig dns,
    UiConfig ui,
    String logLevel,
    Map<ConfigKey, String> effective) {

  public record KubernetesConfig(String kubeconfig) {}

  public record NodeConfig(
      String name,
      String address,
      int maxPods,
      Duration leaseDuration,
      Duration leaseRenewInterval,
      Duration statusUpdateInterval) {}

  /**
   * The kubelet HTTPS API. Empty certificate and key paths mean the API is off; empty client CA
   * means client certificates are not accepted.
   */
  public record KubeletServerConfig(
      String bindAddress,
      int port,
      String tlsCertFile,
      String tlsKeyFile,
      String clientCaFile,
      String servingCertDir) {

    public boolean apiEnabled() {
      return !tlsCertFile.isEmpty();
    }

    /** No certificate files, but a directory for one requested from the cluster. */
    public boolean requestsServingCertificate() {
      return tlsCertFile.isEmpty() && !servingCertDir.isEmpty();
    }

    public KubeletServerConfig withServingCertificate(String certFile, String keyFile) {
      return new KubeletServerConfig(
          bindAddress, port, certFile, keyFile, clientCaFile, servingCertDir);
    }
  }

  /**
   * Bearer tokens in the kubelet: how many unknown ones the kubelet API may send to TokenReview per
   * second, and when a pod's projected service-account tokens are requested again.
   */
  public record TokenConfig(int reviewsPerSecond, int refreshPercent) {}

  /** The rate limit of the kubelet's pod status patches: a token bucket. */
  public record StatusPatchConfig(int perSecond, int burst) {}

  public record SlurmConfig(
      Path workDir,
      Path imageDir,
      String apptainer,
      String network,
      String podNetworkHelper,
      List<Path> allowedHostPaths,
      Set<String> localImageSchemes,
      Duration pollInterval,
      Duration infoRefreshInterval) {}

  public record SchedulerConfig(Set<String> schedulerNames) {}

  public record DnsConfig(
      int webhookPort,
      String webhookHost,
      String webhookBindAddress,
      String webhookCertFile,
      String webhookKeyFile,
      String webhookCaFile,
      boolean recreateClusterIpServices,
      List<String> upstream,
      String corednsUpstreamFile,
      String server,
      String clusterDomain) {}

  /**
   * The operator's HTTP port: status page and Prometheus metrics. Port 0 turns it off. It has no
   * authentication and shows no secrets; loopback by default.
   */
  public record UiConfig(String bindAddress, int port) {

    public boolean enabled() {
      return port != 0;
    }
  }

  /**
   * The clustered event bus. Empty file paths are checked only when this JVM joins a cluster, since
   * a JVM running every role alone needs none of them.
   */
  public record ClusterConfig(
      String host,
      int port,
      List<String> members,
      String tlsCertFile,
      String tlsKeyFile,
      String caFile,
      String secretFile,
      boolean insecure) {}

  /** The configuration with every key at its default. */
  public static HpkConfig defaults() {
    return parse(List.of());
  }

  /**
   * Validates entries given in precedence order (a later entry for the same key wins).
   *
   * @throws ConfigException naming the first unknown key or invalid value and where it came from
   */
  public static HpkConfig parse(List<ConfigEntry> entries) {
    Map<ConfigKey, ConfigEntry> chosen = new EnumMap<>(ConfigKey.class);
    for (ConfigEntry entry : entries) {
      ConfigKey key =
          ConfigKey.byKey(entry.key())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "unknown configuration key '"
                              + entry.key()
                              + "' (from "
                              + entry.source()
                              + "); known keys are listed in the README"));
      chosen.put(key, entry);
    }
    ConfigValues values = new ConfigValues(chosen);
    return new HpkConfig(
        new KubernetesConfig(values.text(ConfigKey.KUBECONFIG)),
        new NodeConfig(
            values.name(ConfigKey.NODE_NAME),
            values.text(ConfigKey.NODE_ADDRESS),
            values.integer(ConfigKey.NODE_MAX_PODS, 1, 1_000_000),
            values.seconds(ConfigKey.NODE_LEASE_DURATION, 10, 3600),
            values.seconds(ConfigKey.NODE_LEASE_RENEW, 1, 600),
            values.seconds(ConfigKey.NODE_STATUS_UPDATE, 1, 3600)),
        kubeletServer(values),
        new TokenConfig(
            values.integer(ConfigKey.KUBELET_TOKEN_REVIEWS_PER_SECOND, 1, 10_000),
            values.integer(ConfigKey.KUBELET_TOKEN_REFRESH_PERCENT, 1, 80)),
        new StatusPatchConfig(
            values.integer(ConfigKey.KUBELET_STATUS_PATCHES_PER_SECOND, 1, 10_000),
            values.integer(ConfigKey.KUBELET_STATUS_PATCH_BURST, 1, 10_000)),
        new SlurmConfig(
            Path.of(values.text(ConfigKey.SLURM_WORK_DIR)),
            Path.of(values.text(ConfigKey.SLURM_IMAGE_DIR)),
            values.text(ConfigKey.SLURM_APPTAINER),
            values.text(ConfigKey.SLURM_NETWORK),
            values.text(ConfigKey.SLURM_POD_NETWORK_HELPER),
            values.list(ConfigKey.SLURM_ALLOWED_HOST_PATHS).stream().map(Path::of).toList(),
            Set.copyOf(values.list(ConfigKey.SLURM_LOCAL_IMAGE_SCHEMES)),
            Duration.ofMillis(values.integer(ConfigKey.SLURM_POLL_INTERVAL, 100, 60_000)),
            values.seconds(ConfigKey.SLURM_INFO_REFRESH, 1, 3600)),
        new SchedulerConfig(Set.copyOf(values.list(ConfigKey.SCHEDULER_NAMES))),
        new ClusterConfig(
            values.text(ConfigKey.CLUSTER_HOST),
            values.integer(ConfigKey.CLUSTER_PORT, 1, 65535),
            values.list(ConfigKey.CLUSTER_MEMBERS),
            values.text(ConfigKey.CLUSTER_TLS_CERT_FILE),
            values.text(ConfigKey.CLUSTER_TLS_KEY_FILE),
            values.text(ConfigKey.CLUSTER_CA_FILE),
            values.text(ConfigKey.CLUSTER_SECRET_FILE),
            values.bool(ConfigKey.CLUSTER_INSECURE)),
        new DnsConfig(
            values.integer(ConfigKey.DNS_WEBHOOK_PORT, 1, 65535),
            values.text(ConfigKey.DNS_WEBHOOK_HOST),
            values.text(ConfigKey.DNS_WEBHOOK_BIND_ADDRESS),
            values.text(ConfigKey.DNS_WEBHOOK_CERT_FILE),
            values.text(ConfigKey.DNS_WEBHOOK_KEY_FILE),
            values.text(ConfigKey.DNS_WEBHOOK_CA_FILE),
            values.bool(ConfigKey.DNS_RECREATE_SERVICES),
            values.list(ConfigKey.DNS_UPSTREAM),
            values.text(ConfigKey.DNS_COREDNS_UPSTREAM_FILE),
            values.text(ConfigKey.DNS_SERVER),
            values.text(ConfigKey.DNS_CLUSTER_DOMAIN)),
        new UiConfig(
            values.text(ConfigKey.UI_BIND_ADDRESS), values.integer(ConfigKey.UI_PORT, 0, 65535)),
        values.oneOf(ConfigKey.LOG_LEVEL, List.of("error", "warn", "info", "debug", "trace")),
        values.effective());
  }

  private static KubeletServerConfig kubeletServer(ConfigValues values) {
    KubeletServerConfig kubelet =
        new KubeletServerConfig(
            values.text(ConfigKey.KUBELET_BIND_ADDRESS),
            values.integer(ConfigKey.KUBELET_PORT, 1, 65535),
            values.text(ConfigKey.KUBELET_TLS_CERT_FILE),
            values.text(ConfigKey.KUBELET_TLS_KEY_FILE),
            values.text(ConfigKey.KUBELET_CLIENT_CA_FILE),
            values.text(ConfigKey.KUBELET_SERVING_CERT_DIR));
    if (kubelet.tlsCertFile().isEmpty() != kubelet.tlsKeyFile().isEmpty()) {
      throw new ConfigException(
          "configuration keys '"
              + ConfigKey.KUBELET_TLS_CERT_FILE.key()
              + "' and '"
              + ConfigKey.KUBELET_TLS_KEY_FILE.key()
              + "' must be set together (both empty turns the kubelet API off)");
    }
    return kubelet;
  }

  /** The effective configuration as key → value, for the start-up log. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    effective.forEach((key, value) -> out.put(key.key(), value));
    return out;
  }
}
