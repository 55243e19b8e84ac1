package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.hpk.common.pod.PodDirectory;
import io.hpk.common.shell.ScriptResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pod's resolv.conf and /etc/hosts as the kubelet writes them. resolv.conf follows spec.dnsPolicy
 * (with spec.dnsConfig merged in): cluster DNS is a file planned here; the node's own resolv.conf
 * is read by the job script on the compute node. /etc/hosts needs the pod IP, so the script writes
 * it once the sandbox is up. Both are bound over the container's files.
 *
 * @param resolvConf the planned resolv.conf, empty when the script derives it from the node's
 * @param script the {@code hpk_dns_files} function and the binds every container gets (the hosts
 *     file's only when the container does not mount its own over /etc/hosts, as the kubelet)
 */
record PodDnsFiles(Optional<PlannedFile> resolvConf, String script) {

  private static final String RESOLV_CONF = PodDirectory.RESOLV_CONF;
  private static final String HOSTS = PodDirectory.HOSTS;

  /** The directory of both files in the pod directory. */
  private static final String ETC = Path.of(HOSTS).getParent().toString();

  /** Kubernetes' limits (kubelet truncates beyond them). */
  static final int MAX_NAMESERVERS = 3;

  static final int MAX_SEARCHES = 32;

  private static final String NODE_RESOLV_CONF = "/etc/resolv.conf";
  private static final String NODE_HOSTS = "/etc/hosts";
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f.:]+");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String MANAGED_HOSTS =
      """
      # Kubernetes-managed hosts file.
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      fe00::0\tip6-mcastprefix
      fe00::1\tip6-allnodes
      fe00::2\tip6-allrouters
      """;

  /**
   * The fixed bash part (node-resolv.sh): merges the pod's dnsConfig into the node's resolv.conf.
   */
  static final String FUNCTIONS = ScriptResource.load(PodDnsFiles.class, "node-resolv.sh");

  static PodDnsFiles of(Pod pod, JobSettings settings) {
    PodSpec spec = pod.getSpec();
    String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    boolean clusterDns =
        !settings.dnsServer().isEmpty()
            && (policy.equals("ClusterFirstWithHostNet")
                || (policy.equals("ClusterFirst") && !hostNetwork));
    Resolver extra = Resolver.of(spec.getDnsConfig());
    StringBuilder script = new StringBuilder();
    script.append("hpk_resolv_binds=(-B \"$hpk_dir/" + RESOLV_CONF + ":/etc/resolv.conf\")\n");
    script.append("hpk_hosts_binds=(-B \"$hpk_dir/" + HOSTS + ":" + NODE_HOSTS + "\")\n");
    script.append("hpk_dns_files() {\n  mkdir -p ").append(ETC).append(" || return 1\n");
    Optional<PlannedFile> planned = Optional.empty();
    switch (policy) {
      case "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None" -> {}
      default ->
          throw new PodSpecException(
              "InvalidPodSpec",
              "spec.dnsPolicy must be ClusterFirst, ClusterFirstWithHostNet, Default or None, got "
                  + policy);
    }
    if (clusterDns || policy.equals("None")) {
      Resolver base =
          policy.equals("None") ? Resolver.EMPTY : cluster(pod, settings.dnsServer(), settings);
      planned =
          Optional.of(
              new PlannedFile(
                  RESOLV_CONF,
                  base.merge(extra).render().getBytes(StandardCharsets.UTF_8),
                  VolumeFiles.DEFAULT_MODE));
    } else {
      script.append("  local dns_servers=(").append(words(extra.servers())).append(")\n");
      script.append("  local dns_searches=(").append(words(extra.searches())).append(")\n");
      script.append("  local dns_options=(").append(words(extra.optionWords())).append(")\n");
      script.append("  hpk_node_resolv ").append(NODE_RESOLV_CONF);
      script.append(replacing(RESOLV_CONF)).append(" || return 1\n");
    }
    script.append("  {\n");
    if (hostNetwork) {
      script.append("    cat ").append(NODE_HOSTS).append("\n");
    } else {
      script.append("    printf '%s' ").append(ShellQuote.quote(MANAGED_HOSTS)).append("\n");
      script.append("    printf '%s\\t%s\\n' \"$HPK_POD_IP\" ");
      script.append(ShellQuote.quote(ownNames(pod, settings))).append("\n");
    }
    String aliases = hostAliases(spec.getHostAliases());
    if (!aliases.isEmpty()) {
      script.append("    printf '%s' ").append(ShellQuote.quote(aliases)).append("\n");
    }
    script.append("  }").append(replacing(HOSTS)).append("\n}\n");
    return new PodDnsFiles(planned, script.toString());
  }

  /** Output redirected into {@code etc/.hosts.tmp}, then renamed over {@code etc/hosts}. */
  private static String replacing(String file) {
    Path path = Path.of(file);
    String temporary = path.resolveSibling("." + path.getFileName() + ".tmp").toString();
    return " > " + temporary + " && mv -f " + temporary + " " + file;
  }

  List<PlannedFile> files() {
    return resolvConf.stream().toList();
  }

  /** ClusterFirst: CoreDNS, the pod's namespace and the cluster domain, ndots:5. */
  private static Resolver cluster(Pod pod, String server, JobSettings settings) {
    String domain = settings.clusterDomain();
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ndots", "5");
    return new Resolver(
        List.of(server), List.of(namespace + ".svc." + domain, "svc." + domain, domain), options);
  }

  /** {@code <hostname>.<subdomain>.<ns>.svc.<domain>} (with a subdomain) and the hostname. */
  private static String ownNames(Pod pod, JobSettings settings) {
    String hostname = ContainerLaunch.hostname(pod);
    String subdomain = pod.getSpec().getSubdomain();
    if (subdomain == null || subdomain.isEmpty()) {
      return hostname;
    }
    String dnsSubdomain = KubernetesNames.dnsLabel(subdomain, "spec.subdomain");
    return hostname
        + "."
        + dnsSubdomain
        + "."
        + pod.getMetadata().getNamespace()
        + ".svc."
        + settings.clusterDomain()
        + "\t"
        + hostname;
  }

  private static String hostAliases(List<HostAlias> aliases) {
    if (aliases == null || aliases.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("# Entries added by HostAliases.\n");
    for (int i = 0; i < aliases.size(); i++) {
      HostAlias alias = aliases.get(i);
      String field = "spec.hostAliases[" + i + "]";
      if (alias.getIp() == null || !IP.matcher(alias.getIp()).matches()) {
        throw new PodSpecException("InvalidPodSpec", field + ".ip must be an IP address");
      }
      List<String> names = alias.getHostnames() == null ? List.of() : alias.getHostnames();
      for (String name : names) {
        if (!HOST_NAME.matcher(name).matches()) {
          throw new PodSpecException(
              "InvalidPodSpec", field + ".hostnames: " + name + " is not a host name");
        }
      }
      if (!names.isEmpty()) {
        text.append(alias.getIp()).append('\t').append(String.join("\t", names)).append('\n');
      }
    }
    return text.toString();
  }

  private static String words(List<String> words) {
    return String.join(" ", words.stream().map(ShellQuote::quote).toList());
  }

  /** Nameservers, search domains and options (name → value, "" for none) of a resolv.conf. */
  record Resolver(List<String> servers, List<String> searches, Map<String, String> options) {

    static final Resolver EMPTY = new Resolver(List.of(), List.of(), Map.of());

    static Resolver of(PodDNSConfig config) {
      if (config == null) {
        return EMPTY;
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (config.getOptions() != null) {
        for (PodDNSConfigOption option : config.getOptions()) {
          String name = option.getName() == null ? "" : option.getName();
          if (!HOST_NAME.matcher(name).matches()) {
            throw new PodSpecException(
                "InvalidPodSpec", "spec.dnsConfig.options: " + name + " is not an option name");
          }
          options.put(name, option.getValue() == null ? "" : option.getValue());
        }
      }
      List<String> servers = orEmpty(config.getNameservers());
      List<String> searches = orEmpty(config.getSearches());
      servers.forEach(server -> check(server, IP, "spec.dnsConfig.nameservers"));
      searches.forEach(search -> check(search, HOST_NAME, "spec.dnsConfig.searches"));
      options.values().forEach(value -> check(value, Pattern.compile("\\S*"), "spec.dnsConfig"));
      return new Resolver(servers, searches, options);
    }

    /** The kubelet's merge: servers and searches appended without duplicates, options by name. */
    Resolver merge(Resolver extra) {
      LinkedHashSet<String> allServers = new LinkedHashSet<>(servers);
      allServers.addAll(extra.servers);
      LinkedHashSet<String> allSearches = new LinkedHashSet<>(searches);
      allSearches.addAll(extra.searches);
      Map<String, String> allOptions = new LinkedHashMap<>(options);
      allOptions.putAll(extra.options);
      return new Resolver(new ArrayList<>(allServers), new ArrayList<>(allSearches), allOptions);
    }

    List<String> optionWords() {
      List<String> words = new ArrayList<>();
      options.forEach((name, value) -> words.add(value.isEmpty() ? name : name + ":" + value));
      return words;
    }

    String render() {
      StringBuilder text = new StringBuilder();
      servers.stream()
          .limit(MAX_NAMESERVERS)
          .forEach(server -> text.append("nameserver ").append(server).append('\n'));
      if (!searches.isEmpty()) {
        text.append("search ")
            .append(String.join(" ", searches.stream().limit(MAX_SEARCHES).toList()))
            .append('\n');
      }
      if (!options.isEmpty()) {
        text.append("options ").append(String.join(" ", optionWords())).append('\n');
      }
      return text.toString();
    }

    private static List<String> orEmpty(List<String> list) {
      return list == null ? List.of() : List.copyOf(list);
    }

    private static void check(String value, Pattern pattern, String field) {
      if (value == null || !pattern.matcher(value).matches()) {
        throw new PodSpecException("InvalidPodSpec", field + ": " + value + " is not valid");
      }
    }
  }
}
