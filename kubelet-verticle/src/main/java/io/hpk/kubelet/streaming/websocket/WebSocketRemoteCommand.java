package io.hpk.kubelet.streaming.websocket;

import io.hpk.kubelet.streaming.RemoteCommandChannels;
import io.hpk.kubelet.streaming.RemoteCommandOptions;
import io.hpk.kubelet.streaming.ResizeDecoder;
import io.hpk.kubelet.streaming.StreamProtocols;
import io.hpk.kubelet.streaming.TerminalSize;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Exec/attach over WebSocket: each message's first byte is the channel (0 stdin, 1 stdout, 2
 * stderr, 3 error, 4 resize); the base64 protocols send the channel as an ASCII digit and the data
 * base64-encoded in text messages; v5 adds CLOSE ({@code [255, channel]}), by which the client ends
 * its stdin.
 */
public final class WebSocketRemoteCommand implements RemoteCommandChannels {

  private static final int STDIN = 0;
  private static final int STDOUT = 1;
  private static final int STDERR = 2;
  private static final int ERROR = 3;
  private static final int RESIZE = 4;
  private static final int CLOSE = 255;

  private final NetSocket socket;
  private final RemoteCommandOptions options;
  private final String protocol;
  private final boolean base64;
  private final WebSocketFrames frames = new WebSocketFrames();
  private final ResizeDecoder resizeDecoder = new ResizeDecoder();
  private final List<Buffer> pendingStdin = new ArrayList<>();
  private Handler<Buffer> stdinHandler;
  private Handler<Void> stdinEnd;
  private boolean stdinEnded;
  private Handler<TerminalSize> resizeHandler = size -> {};
  private Handler<Void> closedHandler = v -> {};
  private boolean finished;

  public WebSocketRemoteCommand(NetSocket socket, RemoteCommandOptions options, String protocol) {
    this.socket = socket;
    this.options = options;
    this.protocol = protocol;
    this.base64 = protocol.contains("base64");
    socket.handler(this::onBytes);
    socket.closeHandler(v -> onClosed());
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
      send(new PongWebSocketFrame(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(frame.content()))));
    } else if (frame instanceof CloseWebSocketFrame) {
      socket.close();
    } else if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
      byte[] message = ByteBufUtil.getBytes(frame.content());
      if (message.length > 0) {
        onMessage(message);
      }
    }
  }

  private void onMessage(byte[] message) {
    int channel = message[0] & 0xff;
    byte[] data = java.util.Arrays.copyOfRange(message, 1, message.length);
    if (base64) {
      channel -= '0';
      data = Base64.getDecoder().decode(new String(data, StandardCharsets.US_ASCII).trim());
    }
    if (channel == CLOSE && protocol.equals(StreamProtocols.V5)) {
      if (data.length > 0 && data[0] == STDIN) {
        endStdin();
      }
    } else if (channel == STDIN) {
      if (stdinHandler == null) {
        pendingStdin.add(Buffer.buffer(data));
      } else {
        stdinHandler.handle(Buffer.buffer(data));
      }
    } else if (channel == RESIZE) {
      resizeDecoder.feed(Buffer.buffer(data)).forEach(resizeHandler::handle);
    }
  }

  private void endStdin() {
    stdinEnded = true;
    if (stdinEnd != null) {
      stdinEnd.handle(null);
    }
  }

  @Override
  public RemoteCommandOptions options() {
    return options;
  }

  @Override
  public void stdinHandler(Handler<Buffer> data, Handler<Void> end) {
    stdinHandler = data;
    stdinEnd = end;
    pendingStdin.forEach(data::handle);
    pendingStdin.clear();
    if (stdinEnded) {
      end.handle(null);
    }
  }

  @Override
  public void resizeHandler(Handler<TerminalSize> handler) {
    resizeHandler = handler;
  }

  @Override
  public Future<Void> stdout(Buffer data) {
    return options.stdout() ? write(STDOUT, data) : Future.succeededFuture();
  }

  @Override
  public Future<Void> stderr(Buffer data) {
    return options.stderr() ? write(STDERR, data) : Future.succeededFuture();
  }

  private Future<Void> write(int channel, Buffer data) {
    if (finished) {
      return Future.succeededFuture();
    }
    if (base64) {
      String text = (char) ('0' + channel) + Base64.getEncoder().encodeToString(data.getBytes());
      return send(new TextWebSocketFrame(text));
    }
    byte[] message = new byte[data.length() + 1];
    message[0] = (byte) channel;
    data.getBytes(message, 1);
    return send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
  }

  private Future<Void> send(WebSocketFrame frame) {
    return socket.write(frames.encode(frame));
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  @Override
  public void pauseInput() {
    socket.pause();
  }

  @Override
  public void resumeInput() {
    socket.resume();
  }

  @Override
  public void finish(JsonObject status) {
    if (finished) {
      return;
    }
    Future<Void> reported = Future.succeededFuture();
    if (StreamProtocols.reportsStatus(protocol)) {
      reported = write(ERROR, status.toBuffer());
    } else if (!"Success".equals(status.getString("status"))) {
      reported = write(ERROR, Buffer.buffer(status.getString("message", "")));
    }
    finished = true;
    reported.compose(v -> send(new CloseWebSocketFrame(1000, ""))).onComplete(v -> socket.close());
  }

  @Override
  public void closedHandler(Handler<Void> handler) {
    closedHandler = handler;
  }

  private void onClosed() {
    frames.close();
    if (!finished) {
      finished = true;
      closedHandler.handle(null);
    }
  }
}
