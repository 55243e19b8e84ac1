package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRendererTest {

  private static final List<String> LINES =
      List.of(
          "2024-05-01T10:00:00.100000Z stdout F one",
          "2024-05-01T10:00:01.200000Z stderr F two",
          "not a CRI line",
          "2024-05-01T10:00:02.300000Z stdout P thr",
          "2024-05-01T10:00:02.300001Z stdout F ee",
          "2024-05-01T10:00:03Z stdout F ");

  private static String render(Map<String, String> query) {
    LogRenderer renderer =
        new LogRenderer(
            ContainerLogOptions.parse(query::get, Instant.parse("2024-05-01T10:00:05Z")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LINES.forEach(l -> renderer.append(l.getBytes(StandardCharsets.UTF_8), out));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainOutputIsTheTextWithoutPrefixAndJoinsPartialLines() {
    assertThat(render(Map.of())).isEqualTo("one\ntwo\nthree\n\n");
  }

  @Test
  void timestampsPrefixEachRecordWithNineFractionalDigits() {
    assertThat(render(Map.of("timestamps", "true")))
        .startsWith("2024-05-01T10:00:00.100000000Z one\n2024-05-01T10:00:01.200000000Z two\n")
        .contains("2024-05-01T10:00:03.000000000Z \n");
  }

  @Test
  void sinceTimeAndSinceSecondsDropEarlierLines() {
    assertThat(render(Map.of("sinceTime", "2024-05-01T10:00:01Z"))).isEqualTo("two\nthree\n\n");
    assertThat(render(Map.of("sinceSeconds", "3"))).isEqualTo("three\n\n");
  }

  @Test
  void limitBytesCutsTheOutputAtExactlyThatManyBytes() {
    assertThat(render(Map.of("limitBytes", "6"))).isEqualTo("one\ntw");
    assertThat(render(Map.of("limitBytes", "6", "timestamps", "true"))).isEqualTo("2024-0");
  }
}
