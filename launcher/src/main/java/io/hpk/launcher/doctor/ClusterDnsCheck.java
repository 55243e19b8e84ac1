package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * CoreDNS at the address HPK writes into pods' resolv.conf answers for the API server's Service,
 * which exists in every cluster.
 */
final class ClusterDnsCheck implements DoctorCheck {

  private static final int DNS_PORT = 53;

  private final String server;
  private final String clusterDomain;

  ClusterDnsCheck(String server, String clusterDomain) {
    this.server = server;
    this.clusterDomain = clusterDomain;
  }

  @Override
  public String name() {
    return "cluster-dns";
  }

  @Override
  public CheckResult run() {
    if (server.isEmpty()) {
      return CheckResult.ok(
          name(), ConfigKey.DNS_SERVER.key() + " is empty: HPK does not manage pods' DNS");
    }
    String question = "kubernetes.default.svc." + clusterDomain;
    DnsMessage.Reply reply;
    try {
      reply = DnsProbe.ask(new InetSocketAddress(server, DNS_PORT), question);
    } catch (IOException e) {
      return CheckResult.fail(
          name(),
          CheckResult.describe(e),
          "start CoreDNS on " + server + ":53, or set " + ConfigKey.DNS_SERVER.key());
    }
    if (reply.rcode() != DnsMessage.NOERROR || reply.answers() == 0) {
      return CheckResult.fail(
          name(),
          server + " answers " + question + " with rcode " + reply.rcode() + " and no address",
          "CoreDNS's kubernetes plugin must serve " + ConfigKey.DNS_CLUSTER_DOMAIN.key());
    }
    return CheckResult.ok(name(), server + " answers " + question);
  }
}
