package io.hpk.common.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ContainerStateFileTest {

  /** A state file as the job script writes it reads back into every field and out unchanged. */
  @Test
  void theJobScriptsJsonRoundTrips() {
    String written =
        "{\"name\":\"web\",\"state\":\"terminated\",\"reason\":\"Error\",\"restartCount\":2,"
            + "\"startedAt\":\"2026-12-03T08:00:00Z\",\"finishedAt\":\"2026-12-03T08:00:05Z\","
            + "\"exitCode\":3,\"lastState\":{\"exitCode\":1,\"reason\":\"Error\","
            + "\"startedAt\":\"a\",\"finishedAt\":\"b\"}}";

    ContainerStateFile file = ContainerStateFile.parse(written).orElseThrow();

    assertThat(file.state()).isEqualTo(ContainerStateFile.State.TERMINATED);
    assertThat(file.exitCode()).isEqualTo(3);
    assertThat(file.restartCount()).isEqualTo(2);
    assertThat(file.previousRun()).contains(new ContainerStateFile.LastRun(1, "Error", "a", "b"));
    assertThat(file.toJson()).isEqualTo(new JsonObject(written));
    assertThat(ContainerStateFile.fromJson(file.toJson())).isEqualTo(file);
  }

  /** Probe results default to what the caller says when a running container's file has none. */
  @Test
  void probeResultsAreOptional() {
    ContainerStateFile running =
        ContainerStateFile.parse("{\"name\":\"c\",\"state\":\"running\"}").orElseThrow();

    assertThat(running.running()).isTrue();
    assertThat(running.readyOr(true)).isTrue();
    assertThat(running.startedOr(false)).isFalse();
    assertThat(
            ContainerStateFile.parse("{\"name\":\"c\",\"state\":\"running\",\"ready\":false}")
                .orElseThrow()
                .readyOr(true))
        .isFalse();
  }

  /** A file cut short while it is replaced, or without a name, is no state at all. */
  @Test
  void textThatIsNotTheJsonIsEmpty() {
    assertThat(ContainerStateFile.parse("{\"name\":\"c\",\"sta")).isEmpty();
    assertThat(ContainerStateFile.parse("{\"state\":\"running\"}")).isEmpty();
  }
}
