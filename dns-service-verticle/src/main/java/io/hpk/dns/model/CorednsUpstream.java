package io.hpk.dns.model;

import java.util.List;
import java.util.regex.Pattern;

/** The CoreDNS snippet the lab's Corefile imports for names outside the cluster. Pure. */
public final class CorednsUpstream {

  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");

  private CorednsUpstream() {}

  /**
   * {@code forward . A B} for the given servers; with none, a comment only, so outside names get
   * SERVFAIL at once instead of leaving the machine.
   *
   * @throws IllegalArgumentException naming a server that is not host[:port]
   */
  public static String snippet(List<String> servers) {
    if (servers.isEmpty()) {
      return "# Written by HPK: no dns.upstream configured, names outside the cluster get SERVFAIL.\n";
    }
    for (String server : servers) {
      if (!SERVER.matcher(server).matches()) {
        throw new IllegalArgumentException(
            "dns.upstream entry '" + server + "' is not host[:port]");
      }
    }
    return "# Written by HPK from dns.upstream; CoreDNS reloads it within seconds.\n"
        + "forward . "
        + String.join(" ", servers)
        + "\nloop\n";
  }
}
