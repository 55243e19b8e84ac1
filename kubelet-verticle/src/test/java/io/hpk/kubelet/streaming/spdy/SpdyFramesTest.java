package io.hpk.kubelet.streaming.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames survive the trip through two codecs, as between a client and this server. */
class SpdyFramesTest {

  private final SpdyFrames client = new SpdyFrames();
  private final SpdyFrames server = new SpdyFrames();

  @Test
  void compressedHeadersOfSuccessiveStreamsDecode() {
    Buffer wire = Buffer.buffer();
    for (int id = 1; id <= 5; id += 2) {
      DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
      syn.headers().set("streamtype", "stdout-" + id);
      wire.appendBuffer(client.encode(syn));
    }
    List<SpdyFrame> frames = server.decode(wire);
    assertThat(frames).hasSize(3);
    assertThat(((SpdySynStreamFrame) frames.get(2)).headers().get("streamtype").toString())
        .isEqualTo("stdout-5");
  }

  @Test
  void aReplyWithAHeaderHasAHeaderBlockGoCanRead() {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(1);
    Buffer empty = server.encode(new DefaultSpdySynReplyFrame(3));
    reply.headers().set("x-hpk-stream", "accepted");
    Buffer withHeader = server.encode(reply);
    // 8 bytes of frame header and 4 of stream id: Netty sends no header block when it is empty.
    assertThat(empty.length()).isEqualTo(12);
    assertThat(withHeader.length()).isGreaterThan(12);
    List<SpdyFrame> frames = client.decode(withHeader);
    assertThat(((SpdySynReplyFrame) frames.get(0)).headers().get("x-hpk-stream").toString())
        .isEqualTo("accepted");
  }

  @Test
  void dataSplitAcrossReadsArrivesWhole() {
    Buffer wire =
        client.encode(
            new DefaultSpdyDataFrame(1, Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8))
                .setLast(true));
    assertThat(server.decode(wire.getBuffer(0, 6))).isEmpty();
    List<SpdyFrame> frames = server.decode(wire.getBuffer(6, wire.length()));
    SpdyDataFrame data = (SpdyDataFrame) frames.get(0);
    assertThat(data.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(data.isLast()).isTrue();
  }
}
