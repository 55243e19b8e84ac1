package io.hpk.kubelet.streaming;

import io.hpk.common.pod.PodDirectory;
import io.hpk.kubelet.pods.NodePods;
import io.hpk.kubelet.server.KubeletRoutes;
import io.hpk.kubelet.streaming.spdy.SpdyConnection;
import io.hpk.kubelet.streaming.spdy.SpdyPortForward;
import io.hpk.kubelet.streaming.spdy.SpdyRemoteCommand;
import io.hpk.kubelet.streaming.websocket.WebSocketHandshake;
import io.hpk.kubelet.streaming.websocket.WebSocketPortForward;
import io.hpk.kubelet.streaming.websocket.WebSocketRemoteCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /exec}, {@code /attach} and {@code /portForward}: the request is upgraded to SPDY/3.1 or
 * WebSocket with a negotiated subprotocol, then bridged to a process on the login node (exec,
 * attach) or a TCP connection to the pod (port-forward).
 */
public final class StreamingRoutes implements KubeletRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingRoutes.class);
  static final long STREAM_CREATION_TIMEOUT_MS = 30_000;
  private static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
  private static final String ACCEPTED_HEADER = "X-Accepted-Stream-Protocol-Versions";

  private final Vertx vertx;
  private final NodePods pods;
  private final Path workDir;
  private final WorkerExecutor io;
  private final NetClient podNetwork;

  public StreamingRoutes(Vertx vertx, NodePods pods, Path workDir) {
    this.vertx = vertx;
    this.pods = pods;
    this.workDir = workDir;
    // Output readers hold a thread for as long as an exec or attach runs: a pool of their own,
    // with no blocked-thread warnings.
    this.io = vertx.createSharedWorkerExecutor("hpk-streaming", 256, 24, TimeUnit.HOURS);
    this.podNetwork = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
  }

  @Override
  public void mount(Router router) {
    router.route("/exec/:namespace/:pod/:container").handler(ctx -> remoteCommand(ctx, true));
    router.route("/exec/:namespace/:pod/:uid/:container").handler(ctx -> remoteCommand(ctx, true));
    router.route("/attach/:namespace/:pod/:container").handler(ctx -> remoteCommand(ctx, false));
    router
        .route("/attach/:namespace/:pod/:uid/:container")
        .handler(ctx -> remoteCommand(ctx, false));
    router.route("/portForward/:namespace/:pod").handler(this::portForward);
    router.route("/portForward/:namespace/:pod/:uid").handler(this::portForward);
  }

  private void remoteCommand(RoutingContext ctx, boolean exec) {
    HttpServerRequest request = ctx.request();
    Transport transport = Transport.of(request);
    if (transport == null) {
      reply(ctx, 400, "Upgrade request required (SPDY/3.1 or websocket)");
      return;
    }
    RemoteCommandOptions options;
    try {
      options =
          RemoteCommandOptions.parse(
              name -> ctx.queryParams().get(name), name -> ctx.queryParams().getAll(name), exec);
    } catch (IllegalArgumentException e) {
      reply(ctx, 400, e.getMessage());
      return;
    }
    List<String> supported =
        transport == Transport.SPDY
            ? StreamProtocols.SPDY_REMOTE_COMMAND
            : StreamProtocols.WEBSOCKET_REMOTE_COMMAND;
    Optional<String> protocol = negotiate(ctx, transport, supported);
    if (protocol.isEmpty()) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    request.pause();
    target(ctx, ctx.pathParam("container"))
        .compose(target -> upgrade(request, transport, protocol.get(), target))
        .onFailure(e -> fail(ctx, e))
        .onSuccess(
            upgraded -> {
              PodTarget target = upgraded.target();
              NetSocket socket = upgraded.socket();
              PodDirectory files =
                  PodDirectory.of(workDir, target.namespace(), target.pod(), target.uid());
              channels(socket, transport, options, protocol.get())
                  .onFailure(e -> LOG.debug("[{}/{}] {}", target.namespace(), target.pod(), e))
                  .onSuccess(
                      channels -> {
                        if (exec) {
                          new ExecSession(vertx, context, io, channels, target, files).start();
                        } else {
                          new AttachSession(vertx, context, io, channels, target, files).start();
                        }
                      });
            });
  }

  private Future<RemoteCommandChannels> channels(
      NetSocket socket, Transport transport, RemoteCommandOptions options, String protocol) {
    if (transport == Transport.WEBSOCKET) {
      return Future.succeededFuture(new WebSocketRemoteCommand(socket, options, protocol));
    }
    return SpdyRemoteCommand.accept(
        vertx, new SpdyConnection(socket), options, protocol, STREAM_CREATION_TIMEOUT_MS);
  }

  private void portForward(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Transport transport = Transport.of(request);
    if (transport == null) {
      reply(ctx, 400, "Upgrade request required (SPDY/3.1 or websocket)");
      return;
    }
    List<Integer> ports = new ArrayList<>();
    if (transport == Transport.WEBSOCKET) {
      for (String port : request.params().getAll("port")) {
        int parsed = PortForwardError.port(port);
        if (parsed < 0) {
          reply(ctx, 400, "invalid port " + port);
          return;
        }
        ports.add(parsed);
      }
      if (ports.isEmpty()) {
        reply(ctx, 400, "port-forward over websocket needs at least one port query parameter");
        return;
      }
    }
    Optional<String> protocol =
        negotiate(
            ctx,
            transport,
            transport == Transport.SPDY
                ? StreamProtocols.SPDY_PORT_FORWARD
                : WebSocketPortForward.PROTOCOLS);
    if (protocol.isEmpty()) {
      return;
    }
    request.pause();
    target(ctx, null)
        .compose(target -> upgrade(request, transport, protocol.get(), target))
        .onFailure(e -> fail(ctx, e))
        .onSuccess(
            upgraded -> {
              if (transport == Transport.SPDY) {
                SpdyPortForward.serve(
                    vertx, new SpdyConnection(upgraded.socket()), podNetwork, upgraded.target());
              } else {
                WebSocketPortForward.serve(
                    upgraded.socket(), protocol.get(), podNetwork, upgraded.target(), ports);
              }
            });
  }

  private Future<PodTarget> target(RoutingContext ctx, String container) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("pod");
    try {
      return Future.succeededFuture(
          pods.pod(namespace, name)
              .map(pod -> PodTarget.of(pod, container, ctx.pathParam("uid")))
              .orElseThrow(
                  () ->
                      new StreamingException(
                          404, "pod " + namespace + "/" + name + " not found on this node")));
    } catch (StreamingException e) {
      return Future.failedFuture(e);
    }
  }

  /** The chosen subprotocol, or empty after answering 403 with what this endpoint accepts. */
  private Optional<String> negotiate(
      RoutingContext ctx, Transport transport, List<String> supported) {
    List<String> offered =
        transport == Transport.SPDY
            ? ctx.request().headers().getAll(PROTOCOL_HEADER)
            : ctx.request().headers().getAll("Sec-WebSocket-Protocol");
    Optional<String> chosen = StreamProtocols.choose(offered, supported);
    if (chosen.isEmpty()) {
      ctx.response().headers().add(ACCEPTED_HEADER, supported);
      reply(ctx, 403, "none of the offered protocols " + offered + " is supported: " + supported);
    }
    return chosen;
  }

  /** Answers 101 with the transport's headers and hands over the raw connection. */
  private Future<Upgraded> upgrade(
      HttpServerRequest request, Transport transport, String protocol, PodTarget target) {
    var response = request.response();
    if (transport == Transport.SPDY) {
      response.putHeader("Upgrade", "SPDY/3.1").putHeader(PROTOCOL_HEADER, protocol);
    } else {
      String key = request.getHeader("Sec-WebSocket-Key");
      if (key == null) {
        return Future.failedFuture(new StreamingException(400, "Sec-WebSocket-Key is missing"));
      }
      response
          .putHeader("Upgrade", "websocket")
          .putHeader("Sec-WebSocket-Accept", WebSocketHandshake.accept(key))
          .putHeader("Sec-WebSocket-Protocol", protocol);
    }
    response.putHeader("Connection", "Upgrade");
    return ConnectionUpgrade.switchProtocols(request).map(socket -> new Upgraded(target, socket));
  }

  private record Upgraded(PodTarget target, NetSocket socket) {}

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof StreamingException s) {
      reply(ctx, s.status(), s.getMessage());
    } else {
      LOG.warn("streaming request {} failed: {}", ctx.request().path(), e.toString());
      reply(ctx, 500, e.getMessage());
    }
  }

  private static void reply(RoutingContext ctx, int status, String message) {
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(message);
    }
  }

  enum Transport {
    SPDY,
    WEBSOCKET;

    static Transport of(HttpServerRequest request) {
      String upgrade = request.getHeader("Upgrade");
      if (upgrade == null) {
        return null;
      }
      String value = upgrade.toLowerCase(Locale.ROOT);
      if (value.contains("spdy/3.1")) {
        return SPDY;
      }
      return value.contains("websocket") ? WEBSOCKET : null;
    }
  }
}
