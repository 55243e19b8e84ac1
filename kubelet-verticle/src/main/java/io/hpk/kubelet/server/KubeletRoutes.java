package io.hpk.kubelet.server;

import io.vertx.ext.web.Router;

/**
 * A group of kubelet API endpoints (logs, streaming, stats, …). The kubelet server authenticates
 * and authorizes every request before any of these routes sees it.
 */
public interface KubeletRoutes {

  /** Adds this group's routes to the kubelet server's router. */
  void mount(Router router);
}
