package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a kubelet gives every container for the {@code default/kubernetes} Service, so that
 * in-cluster configuration (client-go, fabric8, kubectl) finds the API server. ClusterIPs are not
 * routed on an HPC cluster, so they name the API server's own endpoint (its advertised address and
 * port) instead of the ClusterIP and port 443. Pure.
 */
public final class KubernetesServiceEnv {

  private KubernetesServiceEnv() {}

  /** The variables for the first ready address of the slices' https port; none without one. */
  public static Map<String, String> of(List<EndpointSlice> slices) {
    for (EndpointSlice slice : slices) {
      Integer port = httpsPort(slice.getPorts());
      for (Endpoint endpoint : listOf(slice.getEndpoints())) {
        boolean ready =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (port != null && ready && !listOf(endpoint.getAddresses()).isEmpty()) {
          return of(endpoint.getAddresses().get(0), port);
        }
      }
    }
    return Map.of();
  }

  static Map<String, String> of(String host, int port) {
    String url = "tcp://" + host + ":" + port;
    String prefix = "KUBERNETES_PORT_" + port + "_TCP";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", host);
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(port));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(port));
    env.put("KUBERNETES_PORT", url);
    env.put(prefix, url);
    env.put(prefix + "_PROTO", "tcp");
    env.put(prefix + "_PORT", Integer.toString(port));
    env.put(prefix + "_ADDR", host);
    return env;
  }

  private static Integer httpsPort(List<EndpointPort> ports) {
    for (EndpointPort port : listOf(ports)) {
      if ("https".equals(port.getName()) && port.getPort() != null) {
        return port.getPort();
      }
    }
    return null;
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }
}
