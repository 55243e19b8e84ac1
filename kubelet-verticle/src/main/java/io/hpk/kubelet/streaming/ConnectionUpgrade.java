package io.hpk.kubelet.streaming;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Method;

/**
 * Answers 101 Switching Protocols (with the headers already set on the response) and hands over the
 * raw HTTP/1.1 connection.
 *
 * <p>Vert.x 5 upgrades only GET requests, but kube-apiserver sends exec, attach and port-forward as
 * POST. For POST we call the same package-private method {@code toNetSocket()} uses, telling it the
 * request was a GET; {@code ConnectionUpgradeTest} fails if a Vert.x upgrade removes it.
 */
final class ConnectionUpgrade {

  private ConnectionUpgrade() {}

  static Future<NetSocket> switchProtocols(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET) {
      return request.toNetSocket();
    }
    try {
      HttpServerResponse response = request.response();
      Method netSocket =
          response.getClass().getDeclaredMethod("netSocket", HttpMethod.class, MultiMap.class);
      netSocket.setAccessible(true);
      @SuppressWarnings("unchecked")
      Future<NetSocket> socket =
          (Future<NetSocket>) netSocket.invoke(response, HttpMethod.GET, request.headers());
      return socket;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Future.failedFuture(
          new StreamingException(
              500, "this Vert.x cannot upgrade a " + request.method() + " request: " + e));
    }
  }
}
