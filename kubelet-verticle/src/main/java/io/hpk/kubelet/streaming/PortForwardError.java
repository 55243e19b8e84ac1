package io.hpk.kubelet.streaming;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What the kubelet writes on a forwarded connection's error stream when forwarding fails. */
public final class PortForwardError {

  private PortForwardError() {}

  public static Buffer of(PodTarget pod, int port, String cause, boolean closeConnection) {
    String message =
        "error forwarding port %d to pod %s/%s, uid %s: %s"
            .formatted(port, pod.namespace(), pod.pod(), pod.uid(), cause);
    JsonObject json = new JsonObject().put("message", message);
    if (closeConnection) {
      json.put("closeConnection", true);
    }
    return json.toBuffer().appendString("\n");
  }

  /** The port named in a stream's header, or -1 when it is not a TCP port. */
  public static int port(String header) {
    try {
      int port = Integer.parseInt(header == null ? "" : header.trim());
      return port > 0 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
