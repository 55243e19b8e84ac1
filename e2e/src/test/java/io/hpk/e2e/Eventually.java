package io.hpk.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition of the real system until it holds or the time is up. */
final class Eventually {

  private static final Duration POLL = Duration.ofMillis(500);

  private Eventually() {}

  static void await(Duration limit, String what, BooleanSupplier condition) {
    await(limit, what, condition, () -> "");
  }

  /** Like {@link #await(Duration, String, BooleanSupplier)}, adding diagnostics on failure. */
  static void await(
      Duration limit, String what, BooleanSupplier condition, Supplier<String> diagnostics) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + limit.toSeconds() + "s: " + what + "\n" + diagnostics.get());
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
