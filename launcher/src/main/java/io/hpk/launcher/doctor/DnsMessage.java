package io.hpk.launcher.doctor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The one DNS query the doctor sends (class IN, recursion desired) and the header of a reply. */
final class DnsMessage {

  static final int TYPE_A = 1;
  static final int NOERROR = 0;
  static final int NXDOMAIN = 3;

  /** What a reply's header says. */
  record Reply(int id, int rcode, int answers) {}

  private DnsMessage() {}

  static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeShort(out, id);
    writeShort(out, 0x0100);
    writeShort(out, 1);
    writeShort(out, 0);
    writeShort(out, 0);
    writeShort(out, 0);
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    out.write(0);
    writeShort(out, type);
    writeShort(out, 1);
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException when the bytes are too short to be a DNS reply
   */
  static Reply reply(byte[] packet, int length) {
    if (length < 12 || (packet[2] & 0x80) == 0) {
      throw new IllegalArgumentException("not a DNS reply (" + length + " bytes)");
    }
    return new Reply(readShort(packet, 0), packet[3] & 0x0f, readShort(packet, 6));
  }

  private static void writeShort(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }

  private static int readShort(byte[] packet, int offset) {
    return ((packet[offset] & 0xff) << 8) | (packet[offset + 1] & 0xff);
  }
}
