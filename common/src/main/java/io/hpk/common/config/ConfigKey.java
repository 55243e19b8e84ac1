package io.hpk.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key HPK knows, with its default and meaning. A key can be set in the YAML
 * file (nested or dotted), as an environment variable ({@code node.name} → {@code HPK_NODE_NAME})
 * or as a system property ({@code -Dhpk.node.name=…}); anything else is an unknown key.
 */
public enum ConfigKey {
  KUBECONFIG(
      "kubernetes.kubeconfig",
      "",
      "Kubeconfig for the API server; empty: $KUBECONFIG, ~/.kube/config or in-cluster"),
  NODE_NAME(
      "node.name", "hpk-kubelet", "Name of the virtual node that stands for the Slurm cluster"),
  NODE_ADDRESS(
      "node.address",
      "",
      "InternalIP reported for the node (the API server reaches the kubelet API there); empty:"
          + " this host's first non-loopback IPv4 address"),
  NODE_MAX_PODS("node.max-pods", "1000", "Pods the node admits (capacity 'pods')"),
  NODE_LEASE_DURATION(
      "node.lease-duration-seconds", "40", "Lease duration written to the node's Lease"),
  NODE_LEASE_RENEW("node.lease-renew-seconds", "10", "How often the node's Lease is renewed"),
  NODE_STATUS_UPDATE(
      "node.status-update-seconds", "60", "How often the node status is written when unchanged"),
  KUBELET_BIND_ADDRESS("kubelet.bind-address", "0.0.0.0", "Address the kubelet API listens on"),
  KUBELET_PORT("kubelet.port", "10250", "Port of the kubelet API, reported in the node status"),
  KUBELET_TLS_CERT_FILE(
      "kubelet.tls-cert-file",
      "",
      "PEM serving certificate (chain) of the kubelet API; empty (with the key): the kubelet API is"
          + " off"),
  KUBELET_TLS_KEY_FILE(
      "kubelet.tls-key-file", "", "PEM private key of the kubelet API's serving certificate"),
  KUBELET_CLIENT_CA_FILE(
      "kubelet.client-ca-file",
      "",
      "PEM CA bundle that signs client certificates accepted by the kubelet API (kube-apiserver's"
          + " --kubelet-client-certificate); empty: bearer tokens only"),
  KUBELET_SERVING_CERT_DIR(
      "kubelet.serving-cert-dir",
      "",
      "Without kubelet.tls-cert-file: request the serving certificate from the cluster with a"
          + " CertificateSigningRequest (signer kubernetes.io/kubelet-serving) and keep it here"),
  KUBELET_TOKEN_REVIEWS_PER_SECOND(
      "kubelet.token-reviews-per-second",
      "10",
      "TokenReviews per second (and burst) the kubelet API sends for bearer tokens it has no"
          + " cached answer for; above it such requests get 429 without reaching the API server"),
  KUBELET_TOKEN_REFRESH_PERCENT(
      "kubelet.token-refresh-percent",
      "80",
      "Percent of a projected service-account token's lifetime after which it is requested again"
          + " and replaced in the pod (at most 24 h after it was issued); lower only to test"
          + " refreshes"),
  KUBELET_STATUS_PATCHES_PER_SECOND(
      "kubelet.status-patches-per-second",
      "50",
      "Pod status patches per second the kubelet sends to the API server at most (a stock"
          + " kubelet's client limit); a pod's newer statuses waiting meanwhile are coalesced"),
  KUBELET_STATUS_PATCH_BURST(
      "kubelet.status-patch-burst",
      "100",
      "Pod status patches the kubelet may send at once above kubelet.status-patches-per-second"),
  SLURM_WORK_DIR(
      "slurm.work-dir",
      "${user.home}/.hpk",
      "Shared directory holding one directory per pod (job script, logs, state files)"),
  SLURM_IMAGE_DIR(
      "slurm.image-dir",
      "${user.home}/.hpk/images",
      "Shared directory of the SIF image cache, keyed by image reference"),
  SLURM_APPTAINER("slurm.apptainer", "apptainer", "The apptainer command job scripts run"),
  SLURM_NETWORK(
      "slurm.network",
      "",
      "Name of the nodes' CNI pod network that gives each pod its own IP; empty: pods use the host"
          + " network"),
  SLURM_POD_NETWORK_HELPER(
      "slurm.pod-network-helper",
      "/usr/local/libexec/hpk/pod-network",
      "The site's root helper (run with sudo -n) that attaches a pod's network namespace to the"
          + " node's pod network"),
  SLURM_ALLOWED_HOST_PATHS(
      "slurm.allowed-host-paths",
      "",
      "Comma-separated directories under which hostPath volumes are allowed; empty: none"),
  SLURM_LOCAL_IMAGE_SCHEMES(
      "slurm.local-image-schemes",
      "",
      "Comma-separated Apptainer transports that read an image from a file on the cluster (oci,"
          + " oci-archive, docker-archive) that pods may use; empty: none"),
  SLURM_POLL_INTERVAL(
      "slurm.poll-interval-ms",
      "1000",
      "How often job states are read (one squeue for all pods) and container states reported"),
  SLURM_INFO_REFRESH(
      "slurm.info-refresh-seconds", "30", "How often Slurm's capacity and health are read"),
  SCHEDULER_NAMES(
      "scheduler.names",
      "default-scheduler,hpk-scheduler",
      "Comma-separated schedulerNames whose pods the pass-through scheduler binds"),
  CLUSTER_HOST(
      "cluster.host",
      "",
      "Address this JVM's clustered event bus and Hazelcast bind to (with --cluster); empty: auto"),
  CLUSTER_PORT("cluster.port", "5701", "Hazelcast member port (with --cluster)"),
  CLUSTER_MEMBERS(
      "cluster.members",
      "127.0.0.1",
      "Comma-separated host[:port] list of the Hazelcast members to join (TCP/IP, no multicast)"),
  CLUSTER_TLS_CERT_FILE(
      "cluster.tls-cert-file",
      "",
      "PEM certificate (chain) this member shows on every event-bus connection, signed by"
          + " cluster.ca-file; required with --cluster"),
  CLUSTER_TLS_KEY_FILE(
      "cluster.tls-key-file",
      "",
      "PEM private key of cluster.tls-cert-file; required with --cluster"),
  CLUSTER_CA_FILE(
      "cluster.ca-file",
      "",
      "PEM CA that signs the members' certificates and nothing else: the event bus (mutual TLS)"
          + " accepts only peers it signed; required with --cluster"),
  CLUSTER_SECRET_FILE(
      "cluster.secret-file",
      "",
      "Owner-only file holding the secret every member shares; the Hazelcast cluster name is derived"
          + " from it, so a JVM without it cannot join; required with --cluster"),
  CLUSTER_INSECURE(
      "cluster.insecure",
      "false",
      "true: --cluster without the four keys above (plain event bus, cluster name 'hpk'); only where"
          + " no one else can reach the cluster ports"),
  DNS_WEBHOOK_PORT("dns.webhook-port", "9443", "Port of the headless-service admission webhook"),
  DNS_WEBHOOK_HOST(
      "dns.webhook-host",
      "127.0.0.1",
      "Host the API server uses to reach the webhook (must match the webhook certificate)"),
  DNS_WEBHOOK_BIND_ADDRESS(
      "dns.webhook-bind-address",
      "",
      "Address the webhook listens on; empty: the address of dns.webhook-host"),
  DNS_WEBHOOK_CERT_FILE(
      "dns.webhook-cert-file", "", "TLS certificate of the webhook; empty: no webhook"),
  DNS_WEBHOOK_KEY_FILE("dns.webhook-key-file", "", "TLS key of the webhook"),
  DNS_WEBHOOK_CA_FILE(
      "dns.webhook-ca-file", "", "CA that signed the webhook certificate (the caBundle)"),
  DNS_RECREATE_SERVICES(
      "dns.recreate-cluster-ip-services",
      "false",
      "At start, recreate existing ClusterIP Services as headless (otherwise only report them)"),
  DNS_UPSTREAM(
      "dns.upstream",
      "",
      "Comma-separated site DNS servers (host[:port]) for names outside the cluster; also"
          + " EXTERNAL_DNS; changes in the config file apply without a restart"),
  DNS_COREDNS_UPSTREAM_FILE(
      "dns.coredns-upstream-file",
      "",
      "File the CoreDNS Corefile imports for upstream forwarding; empty: not managed"),
  DNS_SERVER(
      "dns.server",
      "",
      "Address of CoreDNS as pods reach it: the nameserver in their resolv.conf and the"
          + " kube-system/kube-dns endpoint; empty: not managed"),
  DNS_CLUSTER_DOMAIN("dns.cluster-domain", "cluster.local", "The cluster's DNS domain"),
  UI_PORT(
      "ui.port",
      "8470",
      "Port of the status page (/) and the Prometheus metrics (/metrics) of this JVM; 0: off"),
  UI_BIND_ADDRESS(
      "ui.bind-address",
      "127.0.0.1",
      "Address the status page listens on; no authentication: every user of this machine can"
          + " read it on loopback"),
  LOG_LEVEL("log.level", "info", "Log level: error, warn, info, debug or trace");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The environment variable that sets this key: {@code HPK_} and the key in upper snake case. */
  public String envName() {
    return "HPK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public static Optional<ConfigKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  public static Optional<ConfigKey> byEnvName(String envName) {
    return Arrays.stream(values()).filter(k -> k.envName().equals(envName)).findFirst();
  }
}
