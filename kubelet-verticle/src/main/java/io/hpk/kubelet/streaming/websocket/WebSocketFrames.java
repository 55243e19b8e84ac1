package io.hpk.kubelet.streaming.websocket;

import io.hpk.kubelet.streaming.EmbeddedCodec;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side WebSocket (RFC 6455) frames to and from bytes with Netty's codec, outside any
 * pipeline; fragmented messages arrive whole. One instance per connection, used from one thread.
 */
public final class WebSocketFrames implements AutoCloseable {

  private static final int MAX_MESSAGE = 16 << 20;

  private final EmbeddedCodec codec =
      new EmbeddedCodec(
          new WebSocket13FrameEncoder(false),
          new WebSocket13FrameDecoder(
              WebSocketDecoderConfig.newBuilder()
                  .expectMaskedFrames(true)
                  .allowExtensions(false)
                  .maxFramePayloadLength(MAX_MESSAGE)
                  .closeOnProtocolViolation(false)
                  .build()),
          new WebSocketFrameAggregator(MAX_MESSAGE));

  /** Complete messages and control frames; the caller releases each. */
  public List<WebSocketFrame> decode(Buffer bytes) {
    List<WebSocketFrame> frames = new ArrayList<>();
    codec.decode(bytes).forEach(frame -> frames.add((WebSocketFrame) frame));
    return frames;
  }

  public Buffer encode(WebSocketFrame frame) {
    return codec.encode(frame);
  }

  @Override
  public void close() {
    codec.close();
  }
}
