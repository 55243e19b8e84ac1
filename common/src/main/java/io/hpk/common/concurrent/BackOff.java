package io.hpk.common.concurrent;

import java.time.Duration;

/** Bounded exponential back-off: initial, doubled on every failure, never above the maximum. */
public final class BackOff {

  private final Duration initial;
  private final Duration max;
  private int failures;

  public BackOff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  public Duration next() {
    int exponent = Math.min(failures++, 30);
    long millis = initial.toMillis() << exponent;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }

  public void reset() {
    failures = 0;
  }
}
