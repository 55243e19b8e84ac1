package io.hpk.common.concurrent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * A named pool for blocking work (fabric8 calls, processes). Event loops hand work here and get a
 * future back; nothing blocking ever runs on an event loop.
 */
public final class WorkerPool implements AutoCloseable {

  private final WorkerExecutor executor;

  public WorkerPool(Vertx vertx, String name, int size) {
    this.executor = vertx.createSharedWorkerExecutor(name, size);
  }

  /** Runs the call on the pool, unordered, and completes on the caller's context. */
  public <T> Future<T> run(Callable<T> call) {
    return executor.executeBlocking(call, false);
  }

  @Override
  public void close() {
    executor.close();
  }
}
