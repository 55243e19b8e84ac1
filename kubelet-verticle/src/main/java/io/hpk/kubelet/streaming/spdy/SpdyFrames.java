package io.hpk.kubelet.streaming.spdy;

import io.hpk.kubelet.streaming.EmbeddedCodec;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * SPDY/3.1 frames to and from bytes, with Netty's codec (including the zlib header compression
 * whose state lasts for the whole connection) run outside any channel pipeline. One instance per
 * connection, used from one thread.
 */
public final class SpdyFrames implements AutoCloseable {

  private final EmbeddedCodec codec = new EmbeddedCodec(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));

  /**
   * The frames completed by these bytes. Data frames hold heap copies that need no release.
   *
   * @throws io.netty.handler.codec.spdy.SpdyProtocolException on a malformed frame
   */
  public List<SpdyFrame> decode(Buffer bytes) {
    List<SpdyFrame> frames = new ArrayList<>();
    for (Object frame : codec.decode(bytes)) {
      if (frame instanceof SpdyDataFrame data) {
        try {
          frames.add(
              new DefaultSpdyDataFrame(
                      data.streamId(), Unpooled.wrappedBuffer(ByteBufUtil.getBytes(data.content())))
                  .setLast(data.isLast()));
        } finally {
          data.release();
        }
      } else {
        frames.add((SpdyFrame) frame);
      }
    }
    return frames;
  }

  public Buffer encode(SpdyFrame frame) {
    return codec.encode(frame);
  }

  @Override
  public void close() {
    codec.close();
  }
}
