package io.hpk.launcher.doctor;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;

/** Asks one DNS server over UDP, twice at most, and returns the header of its reply. */
final class DnsProbe {

  private static final int TRIES = 2;
  private static final int TIMEOUT_MILLIS = 2000;

  private DnsProbe() {}

  private static String where(InetSocketAddress server) {
    return server.getHostString() + ":" + server.getPort();
  }

  /**
   * @throws IOException when the server does not answer (a closed port answers with an ICMP error
   *     that a connected socket reports at once)
   */
  static DnsMessage.Reply ask(InetSocketAddress server, String name) throws IOException {
    int id = ThreadLocalRandom.current().nextInt(1 << 16);
    byte[] query = DnsMessage.query(id, name, DnsMessage.TYPE_A);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      byte[] buffer = new byte[4096];
      for (int attempt = 1; attempt <= TRIES; attempt++) {
        socket.send(new DatagramPacket(query, query.length));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (PortUnreachableException e) {
          throw new IOException(where(server) + " refuses DNS queries (port unreachable)", e);
        }
        DnsMessage.Reply reply = DnsMessage.reply(buffer, packet.getLength());
        if (reply.id() == id) {
          return reply;
        }
      }
    }
    throw new IOException(
        "no answer from " + where(server) + " within " + TRIES * TIMEOUT_MILLIS / 1000 + " s");
  }
}
