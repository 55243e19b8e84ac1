package io.hpk.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  /** No more than the limit run at once; the others start, in arrival order, as slots free. */
  @Test
  void startsAtMostTheLimitAndTheRestInOrder() {
    ConcurrencyLimit limit = new ConcurrencyLimit(2);
    List<Promise<String>> running = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      outcomes.add(
          limit.run(
              () -> {
                started.add(n);
                Promise<String> p = Promise.promise();
                running.add(p);
                return p.future();
              }));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(limit.inFlight()).isEqualTo(2);
    assertThat(limit.waiting()).isEqualTo(3);

    running.get(1).complete("one");
    assertThat(started).containsExactly(0, 1, 2);
    assertThat(outcomes.get(1).result()).isEqualTo("one");

    running.get(0).fail("boom");
    assertThat(started).containsExactly(0, 1, 2, 3);
    assertThat(outcomes.get(0).cause()).hasMessage("boom");

    running.get(2).complete("two");
    running.get(3).complete("three");
    running.get(4).complete("four");
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    assertThat(limit.inFlight()).isZero();
    assertThat(limit.waiting()).isZero();
    assertThat(outcomes).allMatch(Future::isComplete);
  }

  /** A task that throws instead of returning a future fails its own outcome and frees its slot. */
  @Test
  void aThrowingTaskFreesItsSlot() {
    ConcurrencyLimit limit = new ConcurrencyLimit(1);
    Future<String> thrown =
        limit.run(
            () -> {
              throw new IllegalStateException("no future");
            });
    Future<String> next = limit.run(() -> Future.succeededFuture("ran"));

    assertThat(thrown.cause()).hasMessage("no future");
    assertThat(next.result()).isEqualTo("ran");
    assertThat(limit.inFlight()).isZero();
  }

  /** A limit below one would never start anything. */
  @Test
  void refusesALimitBelowOne() {
    assertThatThrownBy(() -> new ConcurrencyLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
