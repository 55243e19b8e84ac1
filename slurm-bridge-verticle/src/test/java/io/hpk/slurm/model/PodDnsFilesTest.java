package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf per dnsPolicy and /etc/hosts, rendered and (where the node decides) run in bash. */
@Timeout(30)
class PodDnsFilesTest {

  private static final JobSettings CLUSTER =
      new JobSettings(
          "apptainer",
          "net",
          "/s.sif",
          List.of(),
          Map.of(),
          "10.244.0.1",
          "cluster.local",
          TestPods.OWNER);

  @TempDir Path work;

  private static PodBuilder pod() {
    return TestPods.pod(TestPods.container("c"));
  }

  private static String resolvConf(Pod pod, JobSettings settings) {
    return new String(
        PodDnsFiles.of(pod, settings).resolvConf().orElseThrow().content(), StandardCharsets.UTF_8);
  }

  @Test
  void clusterFirstIsTheDefaultAndPointsAtCoreDns() {
    assertThat(resolvConf(pod().build(), CLUSTER))
        .isEqualTo(
            "nameserver 10.244.0.1\n"
                + "search team-a.svc.cluster.local svc.cluster.local cluster.local\n"
                + "options ndots:5\n");
  }

  @Test
  void dnsConfigIsMergedAsTheKubeletDoes() {
    Pod pod =
        pod()
            .editSpec()
            .withDnsConfig(
                new PodDNSConfigBuilder()
                    .withNameservers("192.0.2.53", "10.244.0.1")
                    .withSearches("site.test")
                    .addNewOption("ndots", "2")
                    .addNewOption("edns0", null)
                    .build())
            .endSpec()
            .build();

    assertThat(resolvConf(pod, CLUSTER))
        .isEqualTo(
            "nameserver 10.244.0.1\nnameserver 192.0.2.53\n"
                + "search team-a.svc.cluster.local svc.cluster.local cluster.local site.test\n"
                + "options ndots:2 edns0\n");
  }

  @Test
  void noneHasOnlyTheDnsConfig() {
    Pod pod =
        pod()
            .editSpec()
            .withDnsPolicy("None")
            .withDnsConfig(new PodDNSConfigBuilder().withNameservers("192.0.2.53").build())
            .endSpec()
            .build();

    assertThat(resolvConf(pod, CLUSTER)).isEqualTo("nameserver 192.0.2.53\n");
  }

  @Test
  void clusterFirstWithHostNetIsClusterDnsEvenOnTheHostNetwork() {
    Pod pod =
        pod()
            .editSpec()
            .withHostNetwork(true)
            .withDnsPolicy("ClusterFirstWithHostNet")
            .endSpec()
            .build();

    assertThat(resolvConf(pod, CLUSTER)).startsWith("nameserver 10.244.0.1\n");
  }

  @Test
  void defaultHostNetworkClusterFirstAndNoClusterDnsUseTheNodesFile() {
    List<Pod> pods =
        List.of(
            pod().editSpec().withDnsPolicy("Default").endSpec().build(),
            pod().editSpec().withHostNetwork(true).endSpec().build());
    for (Pod pod : pods) {
      PodDnsFiles files = PodDnsFiles.of(pod, CLUSTER);
      assertThat(files.resolvConf()).isEmpty();
      assertThat(files.script()).contains("hpk_node_resolv /etc/resolv.conf");
    }
    assertThat(PodDnsFiles.of(pod().build(), TestPods.settings()).resolvConf()).isEmpty();
  }

  @Test
  void nodesResolvConfGetsTheDnsConfigMergedInBash() throws Exception {
    Path node = work.resolve("node-resolv.conf");
    Files.writeString(
        node,
        "# site\nnameserver 192.0.2.1\nnameserver 192.0.2.2\nsearch old.test\n"
            + "search site.test. lab.test\noptions ndots:1 timeout:2\ndomain ignored.test\n");
    String script =
        PodDnsFiles.FUNCTIONS
            + "dns_servers=(192.0.2.2 192.0.2.3 192.0.2.4)\n"
            + "dns_searches=(extra.test site.test)\n"
            + "dns_options=(ndots:3 edns0)\n"
            + "hpk_node_resolv "
            + node
            + "\n";

    assertThat(bash(script))
        .isEqualTo(
            "nameserver 192.0.2.1\nnameserver 192.0.2.2\nnameserver 192.0.2.3\n"
                + "search site.test lab.test extra.test\n"
                + "options ndots:3 timeout:2 edns0\n");
  }

  @Test
  void hostsNameThePodByHostnameAndSubdomainAndAddTheAliases() throws Exception {
    Pod pod =
        new PodBuilder(pod().build())
            .editSpec()
            .withHostname("db-0")
            .withSubdomain("db")
            .addNewHostAlias()
            .withIp("192.0.2.7")
            .withHostnames("files.site.test", "files")
            .endHostAlias()
            .endSpec()
            .build();
    String script =
        PodDnsFiles.of(pod, CLUSTER).script()
            + "cd "
            + ShellQuote.quote(work.toString())
            + " && HPK_POD_IP=10.244.0.9 hpk_dns_files && cat etc/hosts\n";

    assertThat(bash(script))
        .startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
        .endsWith(
            "10.244.0.9\tdb-0.db.team-a.svc.cluster.local\tdb-0\n"
                + "# Entries added by HostAliases.\n"
                + "192.0.2.7\tfiles.site.test\tfiles\n");
  }

  @Test
  void unknownPolicyAndBadAliasesAreRefused() {
    assertThatThrownBy(
            () ->
                PodDnsFiles.of(
                    pod().editSpec().withDnsPolicy("Cluster").endSpec().build(), CLUSTER))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("spec.dnsPolicy");
    Pod alias =
        pod()
            .editSpec()
            .addNewHostAlias()
            .withIp("192.0.2.7")
            .withHostnames("a\n10.0.0.1 evil")
            .endHostAlias()
            .endSpec()
            .build();
    assertThatThrownBy(() -> PodDnsFiles.of(alias, CLUSTER))
        .hasMessageContaining("spec.hostAliases[0].hostnames");
  }

  private static String bash(String script) throws Exception {
    Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(out).isZero();
    return out;
  }
}
