package io.hpk.kubelet.streaming.spdy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySessionStatus;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 session on an upgraded connection: the client opens streams, we
 * reply, exchange data and FINs, answer pings, and honour RST_STREAM and GOAWAY. Runs on the
 * socket's event loop.
 *
 * <p>Flow control: we grant the client more window as we receive data. The peer's window is not
 * enforced on our writes: the only SPDY peers of a kubelet (Go's spdystream in kube-apiserver and
 * kubectl) never send WINDOW_UPDATE, so honouring the 64 KiB initial window would stall every
 * stream. TCP back-pressure ({@link #writeQueueFull()}) bounds what we buffer instead.
 */
public final class SpdyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SpdyConnection.class);
  private static final int MAX_DATA_FRAME = 32 * 1024;
  private static final int WINDOW_UPDATE_AFTER = 32 * 1024;
  private static final String REPLY_HEADER = "x-hpk-stream";

  private final NetSocket socket;
  private final SpdyFrames frames = new SpdyFrames();
  private final Map<Integer, SpdyStream> streams = new HashMap<>();
  private final Map<Integer, Integer> unacknowledged = new HashMap<>();
  private Handler<SpdyStream> streamHandler = SpdyStream::reset;
  private Handler<Void> closeHandler = v -> {};
  private int lastStreamId;
  private int connectionUnacknowledged;
  private boolean closed;

  public SpdyConnection(NetSocket socket) {
    this.socket = socket;
    socket.handler(this::onBytes);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> LOG.debug("SPDY connection failed: {}", e.toString()));
    // The request was paused while the pod was looked up; the upgraded socket must read.
    socket.resume();
  }

  /** Receives each stream the client opens, after it was accepted. */
  public SpdyConnection streamHandler(Handler<SpdyStream> handler) {
    this.streamHandler = handler;
    return this;
  }

  /** Called once when the connection is gone, whoever closed it. */
  public SpdyConnection closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  public void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  /** Stops reading from the client (back-pressure towards its writes). */
  public void pause() {
    socket.pause();
  }

  public void resume() {
    socket.resume();
  }

  /** Says goodbye (GOAWAY) and closes the connection. */
  public void close() {
    if (closed) {
      return;
    }
    send(new DefaultSpdyGoAwayFrame(lastStreamId, SpdySessionStatus.OK));
    socket.close();
  }

  Future<Void> writeData(int streamId, Buffer data, boolean last) {
    if (closed) {
      return Future.failedFuture("connection closed");
    }
    Future<Void> written = Future.succeededFuture();
    int offset = 0;
    do {
      int end = Math.min(data.length(), offset + MAX_DATA_FRAME);
      byte[] chunk = data.getBytes(offset, end);
      boolean fin = last && end == data.length();
      written = socket.write(frames.encode(dataFrame(streamId, chunk, fin)));
      offset = end;
    } while (offset < data.length());
    return written;
  }

  void reset(int streamId) {
    streams.remove(streamId);
    send(new DefaultSpdyRstStreamFrame(streamId, SpdyStreamStatus.CANCEL));
  }

  void closedIfDone(SpdyStream stream) {
    if (stream.done()) {
      streams.remove(stream.id());
      unacknowledged.remove(stream.id());
    }
  }

  private static SpdyDataFrame dataFrame(int streamId, byte[] chunk, boolean fin) {
    return new DefaultSpdyDataFrame(streamId, Unpooled.wrappedBuffer(chunk)).setLast(fin);
  }

  private void onBytes(Buffer bytes) {
    try {
      frames.decode(bytes).forEach(this::onFrame);
    } catch (RuntimeException e) {
      LOG.debug("malformed SPDY input: {}", e.toString());
      send(new DefaultSpdyGoAwayFrame(lastStreamId, SpdySessionStatus.PROTOCOL_ERROR));
      socket.close();
    }
  }

  private void onFrame(SpdyFrame frame) {
    if (frame instanceof SpdySynStreamFrame syn) {
      onSynStream(syn);
    } else if (frame instanceof SpdyDataFrame data) {
      onData(data);
    } else if (frame instanceof SpdyRstStreamFrame rst) {
      SpdyStream stream = streams.remove(rst.streamId());
      if (stream != null) {
        stream.onReset();
      }
    } else if (frame instanceof SpdyPingFrame ping) {
      // Client pings have odd ids; ours (we send none) would be even.
      if ((ping.id() & 1) == 1) {
        send(new DefaultSpdyPingFrame(ping.id()));
      }
    } else if (frame instanceof SpdyGoAwayFrame) {
      LOG.debug("client sent GOAWAY; open streams finish");
    }
    // WINDOW_UPDATE, SETTINGS, HEADERS: nothing to do (see the class comment).
  }

  private void onSynStream(SpdySynStreamFrame syn) {
    int id = syn.streamId();
    if (id <= lastStreamId || (id & 1) == 0) {
      send(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
      return;
    }
    lastStreamId = id;
    Map<String, String> headers = new HashMap<>();
    syn.headers()
        .forEach(
            entry ->
                headers.putIfAbsent(
                    entry.getKey().toString().toLowerCase(Locale.ROOT),
                    entry.getValue().toString()));
    SpdyStream stream = new SpdyStream(this, id, headers);
    streams.put(id, stream);
    // Netty encodes an empty header block as no bytes at all, which Go's framer cannot read (it
    // expects at least the compressed header count), so the reply carries one header.
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
    reply.headers().set(REPLY_HEADER, "accepted");
    send(reply.setLast(syn.isUnidirectional()));
    if (syn.isUnidirectional()) {
      stream.end();
    }
    streamHandler.handle(stream);
    if (syn.isLast()) {
      stream.onRemoteEnd();
      closedIfDone(stream);
    }
  }

  private void onData(SpdyDataFrame data) {
    SpdyStream stream = streams.get(data.streamId());
    if (stream == null) {
      send(new DefaultSpdyRstStreamFrame(data.streamId(), SpdyStreamStatus.INVALID_STREAM));
      return;
    }
    int length = data.content().readableBytes();
    if (length > 0) {
      stream.onData(Buffer.buffer(io.netty.buffer.ByteBufUtil.getBytes(data.content())));
      acknowledge(stream.id(), length);
    }
    if (data.isLast()) {
      stream.onRemoteEnd();
      closedIfDone(stream);
    }
  }

  private void acknowledge(int streamId, int length) {
    int pending = unacknowledged.merge(streamId, length, Integer::sum);
    if (pending >= WINDOW_UPDATE_AFTER) {
      unacknowledged.put(streamId, 0);
      send(new DefaultSpdyWindowUpdateFrame(streamId, pending));
    }
    connectionUnacknowledged += length;
    if (connectionUnacknowledged >= WINDOW_UPDATE_AFTER) {
      send(new DefaultSpdyWindowUpdateFrame(0, connectionUnacknowledged));
      connectionUnacknowledged = 0;
    }
  }

  private void send(SpdyFrame frame) {
    if (!closed) {
      socket.write(frames.encode(frame));
    }
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    frames.close();
    streams.values().forEach(SpdyStream::onReset);
    streams.clear();
    closeHandler.handle(null);
  }
}
