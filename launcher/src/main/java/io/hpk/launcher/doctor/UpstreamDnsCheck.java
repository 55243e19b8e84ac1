package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Every site DNS server CoreDNS is to forward to answers at all; what it answers is its own. */
final class UpstreamDnsCheck implements DoctorCheck {

  private static final String QUESTION = "localhost";

  private final List<String> upstreams;

  UpstreamDnsCheck(List<String> upstreams) {
    this.upstreams = List.copyOf(upstreams);
  }

  @Override
  public String name() {
    return "upstream-dns";
  }

  @Override
  public CheckResult run() {
    if (upstreams.isEmpty()) {
      return CheckResult.ok(
          name(), ConfigKey.DNS_UPSTREAM.key() + " is empty: CoreDNS forwards as it is configured");
    }
    List<String> silent = new ArrayList<>();
    for (String upstream : upstreams) {
      try {
        DnsProbe.ask(address(upstream), QUESTION);
      } catch (IOException | IllegalArgumentException e) {
        silent.add(CheckResult.describe(e));
      }
    }
    if (!silent.isEmpty()) {
      return CheckResult.fail(
          name(),
          String.join("; ", silent),
          "name site DNS servers that answer in " + ConfigKey.DNS_UPSTREAM.key());
    }
    return CheckResult.ok(
        name(), String.join(", ", upstreams) + (upstreams.size() == 1 ? " answers" : " answer"));
  }

  /**
   * {@code host[:port]}, port 53 when not given.
   *
   * @throws IllegalArgumentException naming the entry when it is not that
   */
  static InetSocketAddress address(String upstream) {
    int colon = upstream.lastIndexOf(':');
    try {
      return colon < 0
          ? new InetSocketAddress(upstream, 53)
          : new InetSocketAddress(
              upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ConfigKey.DNS_UPSTREAM.key() + " entry '" + upstream + "' is not host[:port]", e);
    }
  }
}
