package io.hpk.kubelet.streaming;

import java.util.List;
import java.util.Optional;

/**
 * Subprotocol names of the kubelet streaming endpoints and the choice among the client's offers.
 */
public final class StreamProtocols {

  public static final String V5 = "v5.channel.k8s.io";
  public static final String V4 = "v4.channel.k8s.io";
  public static final String V3 = "v3.channel.k8s.io";
  public static final String V2 = "v2.channel.k8s.io";
  public static final String V1 = "channel.k8s.io";
  public static final String BASE64_V4 = "v4.base64.channel.k8s.io";
  public static final String BASE64_V1 = "base64.channel.k8s.io";
  public static final String PORT_FORWARD = "portforward.k8s.io";

  /** The kubelet treats v5 over SPDY as v4 (CLOSE exists only as a WebSocket message). */
  public static final List<String> SPDY_REMOTE_COMMAND = List.of(V4, V3, V2, V1);

  public static final List<String> WEBSOCKET_REMOTE_COMMAND =
      List.of(V5, V4, BASE64_V4, V1, BASE64_V1);

  public static final List<String> SPDY_PORT_FORWARD = List.of(PORT_FORWARD);

  private StreamProtocols() {}

  /**
   * The server's most preferred protocol that the client offered. Header values may hold several
   * comma-separated names; an empty offer (old clients) means {@link #V1}.
   */
  public static Optional<String> choose(List<String> offered, List<String> supported) {
    List<String> names =
        offered.stream()
            .flatMap(value -> List.of(value.split(",")).stream())
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .toList();
    if (names.isEmpty() && supported.contains(V1)) {
      return Optional.of(V1);
    }
    return supported.stream().filter(names::contains).findFirst();
  }

  /** Whether the protocol reports the exit code as a Status on the error stream. */
  public static boolean reportsStatus(String protocol) {
    return protocol.equals(V5) || protocol.equals(V4) || protocol.equals(BASE64_V4);
  }

  /** Whether the protocol carries terminal resize messages. */
  public static boolean supportsResize(String protocol) {
    return !protocol.equals(V1) && !protocol.equals(V2) && !protocol.equals(BASE64_V1);
  }
}
