package io.hpk.kubelet.logs;

import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One timer for every follower that waits for more of its log: each {@link #TICK_MS} a single
 * worker task looks at the sizes of their files and wakes the followers whose file grew, so a new
 * line is delivered within a tick; a follower whose file did not grow is woken after {@link
 * #IDLE_MS} all the same, to learn whether its container still runs. Event-loop confined.
 */
final class FollowTicker {

  static final long TICK_MS = 50;
  static final long IDLE_MS = 500;

  /** A follower that waits: its reader, and what to do when woken. */
  interface Follower {
    LogFileReader reader();

    /** {@code grew}: the file is longer than when it parked; else the idle time has passed. */
    void wake(boolean grew);
  }

  private record Parked(long sizeSeen, long sinceMs) {}

  private record Seen(Follower follower, long size) {}

  private final Vertx vertx;
  private final WorkerPool workers;
  private final Map<Follower, Parked> parked = new IdentityHashMap<>();
  private long timer = -1;
  private boolean checking;

  FollowTicker(Vertx vertx, WorkerPool workers) {
    this.vertx = vertx;
    this.workers = workers;
  }

  /** The follower read its file up to {@code sizeSeen} bytes and waits for more. */
  void park(Follower follower, long sizeSeen) {
    parked.put(follower, new Parked(sizeSeen, nowMs()));
    if (timer < 0) {
      timer = vertx.setPeriodic(TICK_MS, t -> tick());
    }
  }

  /** A follower that ended: it is not woken again. */
  void remove(Follower follower) {
    parked.remove(follower);
    stopWhenIdle();
  }

  private void tick() {
    if (checking || parked.isEmpty()) {
      return;
    }
    checking = true;
    List<Follower> waiting = new ArrayList<>(parked.keySet());
    workers
        .run(() -> sizes(waiting))
        .onComplete(done -> checking = false)
        .onSuccess(this::wakeGrownOrIdle);
  }

  private static List<Seen> sizes(List<Follower> waiting) {
    List<Seen> seen = new ArrayList<>(waiting.size());
    for (Follower follower : waiting) {
      long size;
      try {
        size = follower.reader().size();
      } catch (IOException e) {
        size = Long.MAX_VALUE; // woken: its next read reports the failure
      }
      seen.add(new Seen(follower, size));
    }
    return seen;
  }

  private void wakeGrownOrIdle(List<Seen> seen) {
    long now = nowMs();
    for (Seen s : seen) {
      Parked p = parked.get(s.follower());
      if (p == null) {
        continue;
      }
      boolean grew = s.size() > p.sizeSeen();
      if (grew || now - p.sinceMs() >= IDLE_MS) {
        parked.remove(s.follower());
        s.follower().wake(grew);
      }
    }
    stopWhenIdle();
  }

  private void stopWhenIdle() {
    if (parked.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }
}
