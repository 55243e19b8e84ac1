package io.hpk.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpk.common.pod.ContainerStateFile;
import io.hpk.kubelet.model.ContainerLogOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogSourceTest {

  private static final ContainerLogFiles FILES =
      new ContainerLogFiles(Path.of("c.log"), Path.of("c.previous.log"), Path.of("c.json"));
  private static final ContainerStateFile RUNNING =
      ContainerStateFile.parse(
              "{\"name\":\"c\",\"state\":\"running\",\"startedAt\":\"2024-05-01T10:00:00Z\"}")
          .orElseThrow();
  private static final ContainerStateFile BACK_OFF =
      ContainerStateFile.parse(
              "{\"name\":\"c\",\"state\":\"waiting\",\"reason\":\"CrashLoopBackOff\",\"lastState\":{\"exitCode\":1}}")
          .orElseThrow();

  private static LogSource choose(
      Map<String, String> query,
      Optional<ContainerStateFile> state,
      boolean current,
      boolean prev) {
    return LogSource.choose(
        ContainerLogOptions.parse(query::get, Instant.now()),
        FILES,
        state,
        current,
        prev,
        "c",
        "ns/p");
  }

  @Test
  void followOfARunningContainerFollowsTheCurrentFile() {
    assertThat(choose(Map.of("follow", "true"), Optional.of(RUNNING), true, false))
        .isEqualTo(new LogSource(FILES.current(), true));
  }

  @Test
  void previousReadsThePreviousRunAndNeverFollows() {
    assertThat(
            choose(Map.of("previous", "true", "follow", "true"), Optional.of(RUNNING), true, true))
        .isEqualTo(new LogSource(FILES.previous(), false));
  }

  @Test
  void inBackOffTheCurrentFileIsTheRunThatJustEndedForBothRequests() {
    assertThat(choose(Map.of("previous", "true"), Optional.of(BACK_OFF), true, true).file())
        .isEqualTo(FILES.current());
    assertThat(choose(Map.of(), Optional.of(BACK_OFF), true, true).file())
        .isEqualTo(FILES.current());
  }

  @Test
  void previousWithoutAnEarlierRunAndAContainerNotStartedAre400() {
    assertThatThrownBy(() -> choose(Map.of("previous", "true"), Optional.of(RUNNING), true, false))
        .hasMessage("previous terminated container \"c\" in pod \"ns/p\" not found");
    assertThatThrownBy(() -> choose(Map.of(), Optional.empty(), false, false))
        .hasMessage("container \"c\" in pod \"ns/p\" is waiting to start: ContainerCreating");
  }
}
