package io.hpk.kubelet.streaming.spdy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stream the client opened. Data that arrives before a handler is set is kept, so a consumer
 * may start reading later (stdin sent before the command runs is not lost).
 */
public final class SpdyStream {

  private final SpdyConnection connection;
  private final int id;
  private final Map<String, String> headers;
  private final List<Buffer> pending = new ArrayList<>();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private boolean remoteEnded;
  private boolean endDelivered;
  private boolean localEnded;

  SpdyStream(SpdyConnection connection, int id, Map<String, String> headers) {
    this.connection = connection;
    this.id = id;
    this.headers = headers;
  }

  public int id() {
    return id;
  }

  /** A header of the stream's SYN_STREAM (names are lowercase), or null. */
  public String header(String name) {
    return headers.get(name);
  }

  public SpdyStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    pending.forEach(handler::handle);
    pending.clear();
    deliverEnd();
    return this;
  }

  /** Called once the client finished its side (FIN) or reset the stream. */
  public SpdyStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    deliverEnd();
    return this;
  }

  public Future<Void> write(Buffer data) {
    if (localEnded) {
      return Future.failedFuture("stream " + id + " already ended");
    }
    return connection.writeData(id, data, false);
  }

  /** Finishes this side of the stream (FIN); the client reads EOF. */
  public Future<Void> end() {
    if (localEnded) {
      return Future.succeededFuture();
    }
    localEnded = true;
    Future<Void> written = connection.writeData(id, Buffer.buffer(), true);
    connection.closedIfDone(this);
    return written;
  }

  public void reset() {
    localEnded = true;
    remoteEnded = true;
    connection.reset(id);
    deliverEnd();
  }

  boolean done() {
    return localEnded && remoteEnded;
  }

  void onData(Buffer data) {
    if (handler == null) {
      pending.add(data);
    } else {
      handler.handle(data);
    }
  }

  void onRemoteEnd() {
    remoteEnded = true;
    deliverEnd();
  }

  void onReset() {
    localEnded = true;
    onRemoteEnd();
  }

  private void deliverEnd() {
    if (remoteEnded && !endDelivered && handler != null && endHandler != null) {
      endDelivered = true;
      endHandler.handle(null);
    }
  }
}
