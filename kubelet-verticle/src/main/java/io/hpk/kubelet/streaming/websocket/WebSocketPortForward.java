package io.hpk.kubelet.streaming.websocket;

import io.hpk.kubelet.streaming.PodTarget;
import io.hpk.kubelet.streaming.PortForwardError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Port-forward over WebSocket as the kubelet serves it: the {@code port} query parameters name the
 * ports; port i has data channel 2i and error channel 2i+1, each opened by the server with the port
 * number as two little-endian bytes; then the data channel is a TCP connection to the pod's port.
 * The base64 protocol sends the channel as an ASCII digit and base64 text. One connection per port
 * per WebSocket, as in the kubelet.
 */
public final class WebSocketPortForward {

  public static final List<String> PROTOCOLS =
      List.of("v4.channel.k8s.io", "v4.base64.channel.k8s.io", "channel.k8s.io");

  private final NetSocket socket;
  private final WebSocketChannels channels;
  private final PodTarget pod;
  private final List<Integer> ports;
  private final Map<Integer, NetSocket> podSockets = new HashMap<>();

  private WebSocketPortForward(
      NetSocket socket, String protocol, PodTarget pod, List<Integer> ports) {
    this.socket = socket;
    this.channels = new WebSocketChannels(socket, protocol);
    this.pod = pod;
    this.ports = ports;
  }

  public static void serve(
      NetSocket socket, String protocol, NetClient client, PodTarget pod, List<Integer> ports) {
    WebSocketPortForward forward = new WebSocketPortForward(socket, protocol, pod, ports);
    forward.channels.start(forward::onMessage, forward::closePodSockets);
    for (int i = 0; i < ports.size(); i++) {
      forward.open(i, client);
    }
    socket.resume();
  }

  private void open(int index, NetClient client) {
    int port = ports.get(index);
    byte[] portBytes = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
    send(2 * index, portBytes);
    send(2 * index + 1, portBytes);
    if (pod.podIp().isEmpty()) {
      fail(index, "the pod has no IP yet");
      return;
    }
    client
        .connect(port, pod.podIp())
        .onFailure(e -> fail(index, e.getMessage()))
        .onSuccess(
            podSocket -> {
              podSockets.put(index, podSocket);
              podSocket.handler(
                  bytes -> {
                    send(2 * index, bytes.getBytes());
                    if (socket.writeQueueFull()) {
                      podSocket.pause();
                      socket.drainHandler(v -> podSocket.resume());
                    }
                  });
              podSocket.closeHandler(
                  v -> {
                    podSockets.remove(index);
                    if (podSockets.isEmpty()) {
                      channels.close();
                    }
                  });
            });
  }

  private void fail(int index, String cause) {
    Buffer error = PortForwardError.of(pod, ports.get(index), cause, true);
    send(2 * index + 1, error.getBytes());
  }

  /** Client data for a port's data channel goes to that port's connection in the pod. */
  private void onMessage(int channel, byte[] data) {
    NetSocket podSocket = channel % 2 == 0 ? podSockets.get(channel / 2) : null;
    if (podSocket != null && data.length > 0) {
      podSocket.write(Buffer.buffer(data));
      if (podSocket.writeQueueFull()) {
        socket.pause();
        podSocket.drainHandler(v -> socket.resume());
      }
    }
  }

  private void send(int channel, byte[] data) {
    channels.send(channel, data);
  }

  private void closePodSockets() {
    podSockets.values().forEach(NetSocket::close);
    podSockets.clear();
  }
}
