package io.hpk.common.concurrent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most a given number of tasks of one kind in flight; the rest wait in arrival order. A lane of
 * a shared worker pool: work that may come in hundreds at once (events, status writes) takes no
 * more than its share of the pool's threads, so the pods' own path (binding, resolving, sbatch)
 * never queues behind it. Confined to one Vert.x context, like the verticle state that uses it.
 */
public final class ConcurrencyLimit {

  private final int limit;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  public ConcurrencyLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a concurrency limit must be at least 1, not " + limit);
    }
    this.limit = limit;
  }

  /** Starts the task now, or once a slot is free; the future is the task's outcome. */
  public <T> Future<T> run(Supplier<Future<T>> task) {
    Promise<T> outcome = Promise.promise();
    Runnable start =
        () -> {
          Future<T> started;
          try {
            started = task.get();
          } catch (RuntimeException e) {
            started = Future.failedFuture(e);
          }
          started.onComplete(
              done -> {
                inFlight--;
                next();
                outcome.handle(done);
              });
        };
    waiting.add(start);
    next();
    return outcome.future();
  }

  private void next() {
    while (inFlight < limit && !waiting.isEmpty()) {
      inFlight++;
      waiting.poll().run();
    }
  }

  /** Tasks started and not yet completed. */
  public int inFlight() {
    return inFlight;
  }

  /** Tasks waiting for a slot. */
  public int waiting() {
    return waiting.size();
  }
}
