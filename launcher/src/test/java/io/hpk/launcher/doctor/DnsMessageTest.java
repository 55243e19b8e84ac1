package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DnsMessageTest {

  /** The query is a standard one-question A query for the name, recursion desired. */
  @Test
  void queryEncodesHeaderAndQuestion() {
    byte[] query = DnsMessage.query(0x1234, "kubernetes.default.svc.", DnsMessage.TYPE_A);

    assertThat(query)
        .startsWith(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 10)
        .endsWith(3, 's', 'v', 'c', 0, 0, 1, 0, 1);
    assertThat(query).hasSize(12 + 1 + 10 + 1 + 7 + 1 + 3 + 1 + 4);
  }

  /** A reply's id, rcode and answer count come from its header. */
  @Test
  void replyHeaderIsRead() {
    byte[] reply = {0x12, 0x34, (byte) 0x81, (byte) 0x83, 0, 1, 0, 2, 0, 0, 0, 0};

    assertThat(DnsMessage.reply(reply, reply.length))
        .isEqualTo(new DnsMessage.Reply(0x1234, DnsMessage.NXDOMAIN, 2));
  }

  /** A packet that is not a reply (too short, or a query) is refused. */
  @Test
  void notAReplyIsRefused() {
    byte[] query = DnsMessage.query(1, "a", DnsMessage.TYPE_A);

    assertThatThrownBy(() -> DnsMessage.reply(query, query.length))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsMessage.reply(new byte[4], 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
