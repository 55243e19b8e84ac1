package io.hpk.kubelet.streaming.spdy;

import io.hpk.kubelet.streaming.RemoteCommandChannels;
import io.hpk.kubelet.streaming.RemoteCommandOptions;
import io.hpk.kubelet.streaming.ResizeDecoder;
import io.hpk.kubelet.streaming.StreamProtocols;
import io.hpk.kubelet.streaming.TerminalSize;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Exec/attach over SPDY: one stream per {@code streamtype} (error, stdin, stdout, stderr, resize),
 * ready once every stream the request asked for was opened.
 */
public final class SpdyRemoteCommand implements RemoteCommandChannels {

  private final SpdyConnection connection;
  private final RemoteCommandOptions options;
  private final String protocol;
  private final Map<String, SpdyStream> streams = new HashMap<>();
  private final Set<String> expected = new HashSet<>();
  private final Promise<RemoteCommandChannels> ready = Promise.promise();
  private Handler<Void> closedHandler = v -> {};
  private boolean finished;

  private SpdyRemoteCommand(
      SpdyConnection connection, RemoteCommandOptions options, String protocol) {
    this.connection = connection;
    this.options = options;
    this.protocol = protocol;
    expected.add("error");
    if (options.stdin()) {
      expected.add("stdin");
    }
    if (options.stdout()) {
      expected.add("stdout");
    }
    if (options.stderr()) {
      expected.add("stderr");
    }
    if (options.tty() && StreamProtocols.supportsResize(protocol)) {
      expected.add("resize");
    }
  }

  /**
   * Waits (at most {@code timeoutMs}) for the client's streams; fails and closes the connection
   * when they do not all arrive.
   */
  public static Future<RemoteCommandChannels> accept(
      Vertx vertx,
      SpdyConnection connection,
      RemoteCommandOptions options,
      String protocol,
      long timeoutMs) {
    SpdyRemoteCommand command = new SpdyRemoteCommand(connection, options, protocol);
    connection.streamHandler(command::onStream);
    connection.closeHandler(v -> command.onClosed());
    long timer =
        vertx.setTimer(
            timeoutMs,
            t -> {
              if (command.ready.tryFail(
                  "timed out waiting for client streams " + command.missing())) {
                connection.close();
              }
            });
    return command.ready.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private Set<String> missing() {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(streams.keySet());
    return missing;
  }

  private void onStream(SpdyStream stream) {
    String type = stream.header("streamtype");
    if (type == null || !expected.contains(type) || streams.containsKey(type)) {
      stream.reset();
      return;
    }
    streams.put(type, stream);
    if (!type.equals("stdin") && !type.equals("resize")) {
      // The client never writes on these; drain so a FIN closes them.
      stream.handler(data -> {}).endHandler(v -> {});
    }
    if (missing().isEmpty()) {
      ready.tryComplete(this);
    }
  }

  private void onClosed() {
    ready.tryFail("client closed the connection");
    if (!finished) {
      finished = true;
      closedHandler.handle(null);
    }
  }

  @Override
  public RemoteCommandOptions options() {
    return options;
  }

  @Override
  public void stdinHandler(Handler<Buffer> data, Handler<Void> end) {
    SpdyStream stdin = streams.get("stdin");
    if (stdin != null) {
      stdin.handler(data).endHandler(end);
    }
  }

  @Override
  public void resizeHandler(Handler<TerminalSize> handler) {
    SpdyStream resize = streams.get("resize");
    if (resize != null) {
      ResizeDecoder decoder = new ResizeDecoder();
      resize.handler(data -> decoder.feed(data).forEach(handler::handle)).endHandler(v -> {});
    }
  }

  @Override
  public Future<Void> stdout(Buffer data) {
    return write("stdout", data);
  }

  @Override
  public Future<Void> stderr(Buffer data) {
    return write("stderr", data);
  }

  private Future<Void> write(String type, Buffer data) {
    SpdyStream stream = streams.get(type);
    return stream == null || finished ? Future.succeededFuture() : stream.write(data);
  }

  @Override
  public boolean writeQueueFull() {
    return connection.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    connection.drainHandler(handler);
  }

  @Override
  public void pauseInput() {
    connection.pause();
  }

  @Override
  public void resumeInput() {
    connection.resume();
  }

  @Override
  public void finish(JsonObject status) {
    if (finished) {
      return;
    }
    finished = true;
    SpdyStream error = streams.get("error");
    Future<Void> reported = Future.succeededFuture();
    if (error != null) {
      if (StreamProtocols.reportsStatus(protocol)) {
        reported = error.write(status.toBuffer());
      } else if (!"Success".equals(status.getString("status"))) {
        reported = error.write(Buffer.buffer(status.getString("message", "")));
      }
    }
    streams.values().forEach(SpdyStream::end);
    reported.onComplete(done -> connection.close());
  }

  @Override
  public void closedHandler(Handler<Void> handler) {
    this.closedHandler = handler;
  }
}
