package io.hpk.kubelet.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.kubelet.RouterOnLoopback;
import io.hpk.kubelet.pods.NodePods;
import io.hpk.kubelet.streaming.spdy.SpdyFrames;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The upgrade as kube-apiserver does it: a POST with SPDY/3.1 and offered stream protocols. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamingRoutesTest {

  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withNamespace("ns")
          .withName("p")
          .withUid("0123456789abcdef")
          .endMetadata()
          .withNewSpec()
          .addNewContainer()
          .withName("main")
          .endContainer()
          .endSpec()
          .withNewStatus()
          .withPodIP("10.244.0.9")
          .addNewContainerStatus()
          .withName("main")
          .withContainerID("apptainer://42/main")
          .withNewState()
          .withNewRunning()
          .endRunning()
          .endState()
          .endContainerStatus()
          .endStatus()
          .build();

  private int port;
  private NetClient client;

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext context) {
    NodePods pods =
        new NodePods() {
          @Override
          public Optional<Pod> pod(String namespace, String name) {
            return namespace.equals("ns") && name.equals("p") ? Optional.of(POD) : Optional.empty();
          }

          @Override
          public List<Pod> pods() {
            return List.of(POD);
          }
        };
    Router router = Router.router(vertx);
    new StreamingRoutes(vertx, pods, Path.of("/nonexistent")).mount(router);
    client = vertx.createNetClient();
    RouterOnLoopback.serve(vertx, router)
        .onComplete(
            context.succeeding(
                p -> {
                  port = p;
                  context.completeNow();
                }));
  }

  private static String request(String path, String... protocols) {
    StringBuilder text =
        new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: kubelet\r\nContent-Length: 0\r\n")
            .append("Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n");
    for (String protocol : protocols) {
      text.append("X-Stream-Protocol-Version: ").append(protocol).append("\r\n");
    }
    return text.append("\r\n").toString();
  }

  @Test
  void postUpgradeAnswers101WithV4AndRepliesToStreams(VertxTestContext context) {
    SpdyFrames frames = new SpdyFrames();
    Buffer received = Buffer.buffer();
    client
        .connect(port, "127.0.0.1")
        .onComplete(
            context.succeeding(
                socket -> {
                  socket.handler(
                      bytes -> {
                        received.appendBuffer(bytes);
                        String text = received.toString();
                        int end = text.indexOf("\r\n\r\n");
                        if (end < 0) {
                          return;
                        }
                        if (!text.contains("SYN_SENT")) {
                          context.verify(
                              () -> {
                                assertThat(text).startsWith("HTTP/1.1 101");
                                assertThat(text.toLowerCase())
                                    .contains("x-stream-protocol-version: v4.channel.k8s.io")
                                    .contains("upgrade: spdy/3.1");
                              });
                          received.appendString("SYN_SENT");
                          sendErrorStream(socket, frames);
                          return;
                        }
                        int start = text.indexOf("SYN_SENT") + "SYN_SENT".length();
                        List<SpdyFrame> reply =
                            frames.decode(received.getBuffer(start, received.length()));
                        received.setBuffer(start, Buffer.buffer());
                        if (!reply.isEmpty()) {
                          context.verify(
                              () ->
                                  assertThat(((SpdySynReplyFrame) reply.get(0)).streamId())
                                      .isEqualTo(1));
                          context.completeNow();
                        }
                      });
                  socket.write(
                      request(
                          "/exec/ns/p/main?command=true&output=1",
                          "v5.channel.k8s.io",
                          "v4.channel.k8s.io"));
                }));
  }

  private static void sendErrorStream(NetSocket socket, SpdyFrames frames) {
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(1, 0, (byte) 0);
    syn.headers().set("streamtype", "error");
    socket.write(frames.encode(syn));
  }

  @Test
  void unsupportedProtocolGets403WithTheAcceptedOnes(VertxTestContext context) {
    expectResponse(
        context,
        request("/exec/ns/p/main?command=true&output=1", "v9.channel.k8s.io"),
        "HTTP/1.1 403",
        "x-accepted-stream-protocol-versions: v4.channel.k8s.io");
  }

  @Test
  void unknownPodAndContainerGet404(VertxTestContext context) {
    expectResponse(
        context,
        request("/exec/ns/p/other?command=true&output=1", "v4.channel.k8s.io"),
        "HTTP/1.1 404",
        "container other not found");
  }

  private void expectResponse(VertxTestContext context, String request, String... expected) {
    Buffer received = Buffer.buffer();
    client
        .connect(port, "127.0.0.1")
        .onComplete(
            context.succeeding(
                socket -> {
                  socket.handler(
                      bytes -> {
                        received.appendBuffer(bytes);
                        String text = received.toString().toLowerCase();
                        boolean all = true;
                        for (String part : expected) {
                          all &= text.contains(part.toLowerCase());
                        }
                        if (all) {
                          context.completeNow();
                        }
                      });
                  socket.closeHandler(
                      v ->
                          context.verify(() -> assertThat(received.toString()).contains(expected)));
                  socket.write(request);
                }));
  }
}
