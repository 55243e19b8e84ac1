package io.hpk.kubelet.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a kubelet API request asks for, in SubjectAccessReview terms: a verb on the node and the
 * node subresources to try in order (the first allowed one wins). Follows the kubelet's
 * pkg/kubelet/server/auth.go with fine-grained authorization (on by default since 1.33): /pods,
 * /healthz, /configz and /statusz try their own subresource before falling back to proxy.
 *
 * <p>One deliberate difference: a WebSocket upgrade is a GET, which the kubelet authorizes as
 * {@code get}; here it needs {@code create}, so read-only {@code nodes/proxy} access cannot exec.
 */
public record NodeAuthorizationAttributes(String verb, List<String> subresources) {

  public NodeAuthorizationAttributes {
    subresources = List.copyOf(subresources);
  }

  public static NodeAuthorizationAttributes of(String method, String path, boolean websocket) {
    String verb = verb(method);
    if (websocket && verb.equals("get")) {
      verb = "create";
    }
    List<String> subresources = new ArrayList<>(2);
    if (isSubpath(path, "/pods") || isSubpath(path, "/runningpods")) {
      subresources.add("pods");
    } else if (isSubpath(path, "/healthz")) {
      subresources.add("healthz");
    } else if (isSubpath(path, "/configz")) {
      subresources.add("configz");
    } else if (isSubpath(path, "/statusz")) {
      subresources.add("statusz");
    }
    if (isSubpath(path, "/stats")) {
      subresources.add("stats");
    } else if (isSubpath(path, "/metrics")) {
      subresources.add("metrics");
    } else if (isSubpath(path, "/logs")) {
      subresources.add("log");
    } else if (isSubpath(path, "/checkpoint")) {
      subresources.add("checkpoint");
    } else {
      subresources.add("proxy");
    }
    return new NodeAuthorizationAttributes(verb, subresources);
  }

  /** The kubelet leaves other methods (HEAD, OPTIONS) without a verb, which no rule allows. */
  static String verb(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET" -> "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "";
    };
  }

  private static boolean isSubpath(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
