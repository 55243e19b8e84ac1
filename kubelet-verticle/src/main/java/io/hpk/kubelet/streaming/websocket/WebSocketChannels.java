package io.hpk.kubelet.streaming.websocket;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The Kubernetes channel protocol over a raw WebSocket connection: each message's first byte is the
 * channel; the base64 protocols send it as an ASCII digit with base64 text after it. Pings are
 * answered and a close from the client closes the connection.
 */
final class WebSocketChannels {

  /** What arrives on a channel. */
  interface MessageHandler {
    void onMessage(int channel, byte[] data);
  }

  private final NetSocket socket;
  private final boolean base64;
  private final WebSocketFrames frames = new WebSocketFrames();
  private MessageHandler handler = (channel, data) -> {};

  WebSocketChannels(NetSocket socket, String protocol) {
    this.socket = socket;
    this.base64 = protocol.contains("base64");
  }

  /** Starts reading; call once the handler that needs the first messages is in place. */
  void start(MessageHandler messages, Runnable onClosed) {
    this.handler = messages;
    socket.handler(this::onBytes);
    socket.closeHandler(
        v -> {
          frames.close();
          onClosed.run();
        });
  }

  Future<Void> send(int channel, byte[] data) {
    if (base64) {
      return sendFrame(
          new TextWebSocketFrame(
              (char) ('0' + channel) + Base64.getEncoder().encodeToString(data)));
    }
    byte[] message = new byte[data.length + 1];
    message[0] = (byte) channel;
    System.arraycopy(data, 0, message, 1, data.length);
    return sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
  }

  /** A normal close frame, then the connection closes. */
  Future<Void> close() {
    return sendFrame(new CloseWebSocketFrame(1000, "")).onComplete(v -> socket.close());
  }

  NetSocket socket() {
    return socket;
  }

  private Future<Void> sendFrame(WebSocketFrame frame) {
    return socket.write(frames.encode(frame));
  }

  private void onBytes(Buffer bytes) {
    List<WebSocketFrame> messages;
    try {
      messages = frames.decode(bytes);
    } catch (RuntimeException e) {
      socket.close();
      return;
    }
    for (WebSocketFrame frame : messages) {
      try {
        onFrame(frame);
      } finally {
        frame.release();
      }
    }
  }

  private void onFrame(WebSocketFrame frame) {
    if (frame instanceof PingWebSocketFrame) {
      sendFrame(
          new PongWebSocketFrame(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(frame.content()))));
    } else if (frame instanceof CloseWebSocketFrame) {
      socket.close();
    } else if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
      byte[] message = ByteBufUtil.getBytes(frame.content());
      if (message.length > 0) {
        deliver(message);
      }
    }
  }

  private void deliver(byte[] message) {
    int channel = message[0] & 0xff;
    byte[] data = Arrays.copyOfRange(message, 1, message.length);
    if (base64) {
      channel -= '0';
      data = Base64.getDecoder().decode(new String(data, StandardCharsets.US_ASCII).trim());
    }
    handler.onMessage(channel, data);
  }
}
