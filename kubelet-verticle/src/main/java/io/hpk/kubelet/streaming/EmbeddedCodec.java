package io.hpk.kubelet.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty codecs run outside any pipeline: bytes from a Vert.x socket in, decoded messages out, and
 * messages in, bytes out. Keeps the codec's state (zlib dictionaries, partial frames) for one
 * connection; used from one thread.
 */
public final class EmbeddedCodec implements AutoCloseable {

  private final EmbeddedChannel channel;

  public EmbeddedCodec(ChannelHandler... handlers) {
    this.channel = new EmbeddedChannel(handlers);
  }

  /** The messages these bytes complete; the caller owns (and releases) each. */
  public List<Object> decode(Buffer bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
    List<Object> messages = new ArrayList<>();
    for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
      messages.add(message);
    }
    return messages;
  }

  public Buffer encode(Object message) {
    channel.writeOutbound(message);
    Buffer bytes = Buffer.buffer();
    for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      ByteBuf buf = (ByteBuf) out;
      try {
        bytes.appendBytes(ByteBufUtil.getBytes(buf));
      } finally {
        buf.release();
      }
    }
    return bytes;
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }
}
