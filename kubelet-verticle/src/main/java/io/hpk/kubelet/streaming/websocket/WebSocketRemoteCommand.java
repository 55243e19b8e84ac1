package io.hpk.kubelet.streaming.websocket;

import io.hpk.kubelet.streaming.RemoteCommandChannels;
import io.hpk.kubelet.streaming.RemoteCommandOptions;
import io.hpk.kubelet.streaming.ResizeDecoder;
import io.hpk.kubelet.streaming.StreamProtocols;
import io.hpk.kubelet.streaming.TerminalSize;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
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
  private final WebSocketChannels channels;
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
    this.channels = new WebSocketChannels(socket, protocol);
    channels.start(this::onMessage, this::onClosed);
  }

  private void onMessage(int channel, byte[] data) {
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
    return channels.send(channel, data.getBytes());
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
    reported.compose(v -> channels.close());
  }

  @Override
  public void closedHandler(Handler<Void> handler) {
    closedHandler = handler;
  }

  private void onClosed() {
    if (!finished) {
      finished = true;
      closedHandler.handle(null);
    }
  }
}
