package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.PodRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a pod's projected tokens are requested again, on a clock the test moves. */
class TokenRefreshScheduleTest {

  private static final PodRef POD = new PodRef("0123abcd-4567-89ef-0123-456789abcdef", "ns", "web");
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private final TokenRefreshSchedule schedule = new TokenRefreshSchedule(80);

  private static IssuedToken issued(Instant at, Duration lifetime) {
    return new IssuedToken("jwt", at, at.plus(lifetime));
  }

  /** A 10-minute token is due after 8 minutes, not a second earlier. */
  @Test
  void aTokenIsDueAtEightyPercentOfItsLifetime() {
    schedule.track(POD, Map.of("tok/token", issued(T0, Duration.ofMinutes(10))));

    assertThat(schedule.takeDue(T0.plus(Duration.ofSeconds(479)))).isEmpty();
    assertThat(schedule.takeDue(T0.plus(Duration.ofSeconds(480))))
        .isEqualTo(Map.of(POD, Set.of("tok/token")));
  }

  /** A token valid for 48 h is refreshed after 24 h, not after 38.4 h. */
  @Test
  void noTokenWaitsLongerThanADay() {
    schedule.track(POD, Map.of("tok/token", issued(T0, Duration.ofHours(48))));

    assertThat(schedule.takeDue(T0.plus(Duration.ofHours(24)).minusSeconds(1))).isEmpty();
    assertThat(schedule.takeDue(T0.plus(Duration.ofHours(24)))).containsKey(POD);
  }

  /**
   * Only the due token of a pod is asked for; while its refresh runs it is not due again, and the
   * refreshed token is due at 80 % of its own lifetime.
   */
  @Test
  void aRefreshedTokenIsDueAgainFromItsNewIssue() {
    schedule.track(
        POD,
        Map.of(
            "a/token", issued(T0, Duration.ofMinutes(10)),
            "b/token", issued(T0, Duration.ofHours(1))));
    Instant first = T0.plus(Duration.ofMinutes(8));

    assertThat(schedule.takeDue(first)).isEqualTo(Map.of(POD, Set.of("a/token")));
    assertThat(schedule.takeDue(first.plusSeconds(5))).as("refresh under way").isEmpty();
    schedule.refreshed(POD.uid(), Map.of("a/token", issued(first, Duration.ofMinutes(10))));

    assertThat(schedule.takeDue(first.plus(Duration.ofMinutes(8)).minusSeconds(1))).isEmpty();
    assertThat(schedule.takeDue(first.plus(Duration.ofMinutes(8))))
        .isEqualTo(Map.of(POD, Set.of("a/token")));
  }

  /** A refresh that failed is tried again at the given time, not at every check before it. */
  @Test
  void aFailedRefreshIsRetriedLater() {
    schedule.track(POD, Map.of("tok/token", issued(T0, Duration.ofMinutes(10))));
    Instant due = T0.plus(Duration.ofMinutes(8));
    assertThat(schedule.takeDue(due)).containsKey(POD);

    schedule.failed(POD.uid(), due.plusSeconds(30));

    assertThat(schedule.takeDue(due.plusSeconds(29))).isEmpty();
    assertThat(schedule.takeDue(due.plusSeconds(30))).containsKey(POD);
  }

  /** A pod that ended is never due again, also when its last refresh completes afterwards. */
  @Test
  void refreshingStopsWhenThePodEnds() {
    schedule.track(POD, Map.of("tok/token", issued(T0, Duration.ofMinutes(10))));
    Instant due = T0.plus(Duration.ofMinutes(8));
    assertThat(schedule.takeDue(due)).containsKey(POD);

    schedule.forget(POD.uid());
    schedule.refreshed(POD.uid(), Map.of("tok/token", issued(due, Duration.ofMinutes(10))));

    assertThat(schedule.takeDue(due.plus(Duration.ofDays(2)))).isEmpty();
  }

  /** The test knob: at 5 % a 10-minute token is refreshed after 30 s. */
  @Test
  void aLowerShareRefreshesSooner() {
    TokenRefreshSchedule early = new TokenRefreshSchedule(5);

    assertThat(early.refreshAt(issued(T0, Duration.ofMinutes(10)))).isEqualTo(T0.plusSeconds(30));
  }
}
