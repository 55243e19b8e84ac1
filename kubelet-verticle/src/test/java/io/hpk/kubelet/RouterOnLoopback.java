package io.hpk.kubelet;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Routes under test served over plain HTTP on a free loopback port. */
public final class RouterOnLoopback {

  private RouterOnLoopback() {}

  /** The port the router listens on. */
  public static Future<Integer> serve(Vertx vertx, Router router) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(HttpServer::actualPort);
  }
}
