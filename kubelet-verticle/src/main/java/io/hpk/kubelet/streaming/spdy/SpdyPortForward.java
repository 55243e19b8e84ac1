package io.hpk.kubelet.streaming.spdy;

import io.hpk.kubelet.streaming.PodTarget;
import io.hpk.kubelet.streaming.PortForwardError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Port-forward over SPDY: every forwarded connection is a pair of streams (error and data) with the
 * same {@code requestid} and {@code port}; the data stream becomes a TCP connection to the pod's
 * IP. On a multi-node cluster the pod network must be routable from the login node that runs the
 * kubelet, as it is with HPK's flannel.
 */
public final class SpdyPortForward {

  private static final long PAIR_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final SpdyConnection connection;
  private final NetClient client;
  private final PodTarget pod;
  private final Map<String, SpdyStream> errors = new HashMap<>();
  private final Map<String, SpdyStream> data = new HashMap<>();
  private final List<NetSocket> sockets = new ArrayList<>();

  private SpdyPortForward(Vertx vertx, SpdyConnection connection, NetClient client, PodTarget pod) {
    this.vertx = vertx;
    this.connection = connection;
    this.client = client;
    this.pod = pod;
  }

  public static void serve(
      Vertx vertx, SpdyConnection connection, NetClient client, PodTarget pod) {
    SpdyPortForward forward = new SpdyPortForward(vertx, connection, client, pod);
    connection.streamHandler(forward::onStream);
    connection.closeHandler(v -> forward.sockets.forEach(NetSocket::close));
  }

  private void onStream(SpdyStream stream) {
    String type = stream.header("streamtype");
    String request = stream.header("requestid");
    if (request == null || !("error".equals(type) || "data".equals(type))) {
      stream.reset();
      return;
    }
    Map<String, SpdyStream> mine = "error".equals(type) ? errors : data;
    if (mine.putIfAbsent(request, stream) != null) {
      stream.reset();
      return;
    }
    if ("error".equals(type)) {
      // The client never writes on it; data streams keep what arrives until the pod is connected.
      stream.handler(bytes -> {}).endHandler(v -> {});
    }
    if (errors.containsKey(request) && data.containsKey(request)) {
      forward(errors.remove(request), data.remove(request));
    } else {
      vertx.setTimer(PAIR_TIMEOUT_MS, t -> abandon(request));
    }
  }

  private void abandon(String request) {
    SpdyStream error = errors.remove(request);
    SpdyStream lone = data.remove(request);
    if (error != null) {
      error
          .write(Buffer.buffer("timed out waiting for the data stream"))
          .onComplete(d -> error.end());
    }
    if (lone != null) {
      lone.reset();
    }
  }

  private void forward(SpdyStream error, SpdyStream stream) {
    int port = PortForwardError.port(stream.header("port"));
    if (port < 0) {
      fail(error, stream, 0, "invalid port " + stream.header("port"), true);
      return;
    }
    if (pod.podIp().isEmpty()) {
      fail(error, stream, port, "the pod has no IP yet", true);
      return;
    }
    client
        .connect(port, pod.podIp())
        .onFailure(e -> fail(error, stream, port, e.getMessage(), true))
        .onSuccess(socket -> pipe(error, stream, socket));
  }

  private void pipe(SpdyStream error, SpdyStream stream, NetSocket socket) {
    sockets.add(socket);
    socket.handler(
        bytes -> {
          stream.write(bytes);
          if (connection.writeQueueFull()) {
            socket.pause();
            connection.drainHandler(v -> socket.resume());
          }
        });
    socket.closeHandler(
        v -> {
          sockets.remove(socket);
          stream.end();
          error.end();
        });
    stream
        .handler(
            bytes -> {
              socket.write(bytes);
              if (socket.writeQueueFull()) {
                connection.pause();
                socket.drainHandler(d -> connection.resume());
              }
            })
        // A client FIN is a half-close: the pod may still answer, so the socket stays open until
        // the pod closes it or the client's connection goes away.
        .endHandler(v -> {});
  }

  private void fail(SpdyStream error, SpdyStream stream, int port, String cause, boolean close) {
    error.write(PortForwardError.of(pod, port, cause, close)).onComplete(d -> error.end());
    stream.end();
  }
}
