package io.hpk.kubelet.model;

import io.hpk.common.config.HpkConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Locale;

/**
 * Who the node is: name, the address the API server uses to reach the kubelet API, its port and
 * platform.
 */
public record NodeIdentity(
    String name,
    String address,
    int kubeletPort,
    int maxPods,
    String architecture,
    String kernelVersion) {

  public static NodeIdentity from(HpkConfig config) {
    String address = config.node().address();
    return new NodeIdentity(
        config.node().name(),
        address.isEmpty() ? firstNonLoopbackIpv4() : address,
        config.kubelet().port(),
        config.node().maxPods(),
        goArchitecture(System.getProperty("os.arch")),
        System.getProperty("os.version"));
  }

  /** Kubernetes names architectures as Go does. */
  static String goArchitecture(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "ppc64le" -> "ppc64le";
      default -> javaArch;
    };
  }

  private static String firstNonLoopbackIpv4() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through to loopback: a single-machine lab still works
    }
    return "127.0.0.1";
  }
}
