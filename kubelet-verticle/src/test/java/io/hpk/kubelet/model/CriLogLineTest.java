package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CriLogLineTest {

  private static Optional<CriLogLine> parse(String line) {
    return CriLogLine.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  private static String written(CriLogLine line) {
    return new String(line.written(), StandardCharsets.UTF_8);
  }

  /** A full stderr line goes back to stderr with its newline restored. */
  @Test
  void criLogLinesGoBackToTheirStream() {
    CriLogLine line = parse("2025-01-01T00:00:00.1Z stderr F oops: a b").orElseThrow();
    assertThat(line.stderr()).isTrue();
    assertThat(line.time()).isEqualTo(Instant.parse("2025-01-01T00:00:00.1Z"));
    assertThat(written(line)).isEqualTo("oops: a b\n");
    assertThat(parse("garbage")).isEmpty();
  }

  /** A partial line is written without a newline, since its next record continues it. */
  @Test
  void partialLinesKeepTheirEnd() {
    CriLogLine line = parse("2025-01-01T00:00:00Z stdout P no newline yet").orElseThrow();
    assertThat(line.stderr()).isFalse();
    assertThat(written(line)).isEqualTo("no newline yet");
  }

  /** A line with another stream name or a bad time is not a CRI line. */
  @Test
  void otherLinesAreNotCriLines() {
    assertThat(parse("2025-01-01T00:00:00Z stdin F x")).isEmpty();
    assertThat(parse("yesterday stdout F x")).isEmpty();
  }
}
