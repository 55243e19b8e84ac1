package io.hpk.kubelet.streaming;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The client's side of an exec or attach, whatever the transport (SPDY streams or WebSocket
 * channels). Used on one event loop.
 */
public interface RemoteCommandChannels {

  RemoteCommandOptions options();

  /** Input from the client; {@code end} once the client closed its stdin. */
  void stdinHandler(Handler<Buffer> data, Handler<Void> end);

  void resizeHandler(Handler<TerminalSize> handler);

  /** Output to the client's stdout; dropped when the client did not ask for it. */
  Future<Void> stdout(Buffer data);

  Future<Void> stderr(Buffer data);

  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  void pauseInput();

  void resumeInput();

  /** Reports how the command ended (a metav1.Status) and closes everything. */
  void finish(JsonObject status);

  /** Called when the client went away before {@link #finish}. */
  void closedHandler(Handler<Void> handler);
}
