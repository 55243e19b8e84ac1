package io.hpk.kubelet.server;

import java.util.function.LongSupplier;

/**
 * A token bucket for calls to the API server: {@code perSecond} calls a second, up to that many at
 * once after a quiet spell. Thread-safe.
 */
final class ReviewRateLimit {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double perSecond;
  private final LongSupplier nanoTime;
  private double available;
  private long last;

  ReviewRateLimit(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.available = perSecond;
    this.last = nanoTime.getAsLong();
  }

  /** Whether one more call fits now; a call that fits is counted. */
  synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    available = Math.min(perSecond, available + (now - last) / NANOS_PER_SECOND * perSecond);
    last = now;
    if (available < 1) {
      return false;
    }
    available -= 1;
    return true;
  }
}
