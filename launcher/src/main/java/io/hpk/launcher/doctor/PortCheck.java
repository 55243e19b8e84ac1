package io.hpk.launcher.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A TCP port HPK will listen on is free, bound for a moment the way Vert.x binds it. */
final class PortCheck implements DoctorCheck {

  private final String name;
  private final String portKey;
  private final String address;
  private final int port;

  /**
   * @param address the bind address; empty: the server is off and nothing is checked
   */
  PortCheck(String name, String portKey, String address, int port) {
    this.name = name;
    this.portKey = portKey;
    this.address = address;
    this.port = port;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult run() {
    if (address.isEmpty()) {
      return CheckResult.ok(name, "not listened on: the server is off in this configuration");
    }
    String where = address + ":" + port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      return CheckResult.fail(
          name,
          where + " cannot be bound: " + CheckResult.describe(e),
          "stop what listens there (ss -ltnp 'sport = :"
              + port
              + "'; another HPK?) or set "
              + portKey);
    }
    return CheckResult.ok(name, where + " is free");
  }
}
