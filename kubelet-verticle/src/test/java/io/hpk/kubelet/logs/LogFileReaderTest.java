package io.hpk.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileReaderTest {

  @TempDir Path dir;

  private List<String> read(String content, long tail) throws Exception {
    Path file = dir.resolve("c.log");
    Files.writeString(file, content);
    try (LogFileReader reader = LogFileReader.open(file, tail)) {
      return reader.read(1 << 16, true).lines().stream()
          .map(b -> new String(b, StandardCharsets.UTF_8))
          .toList();
    }
  }

  @Test
  void tailLinesStartsThatManyLinesBeforeTheEnd() throws Exception {
    assertThat(read("a\nb\nc\n", 2)).containsExactly("b", "c");
    assertThat(read("a\nb\nc\n", 5)).containsExactly("a", "b", "c");
    assertThat(read("a\nb\nc\n", 0)).isEmpty();
    assertThat(read("a\nb\nc", 1)).containsExactly("c");
  }

  @Test
  void anUnfinishedLineWaitsUntilTheWriterIsDone() throws Exception {
    Path file = dir.resolve("c.log");
    Files.writeString(file, "a\nhal");
    try (LogFileReader reader = LogFileReader.open(file, -1)) {
      assertThat(reader.read(1024, false).lines()).hasSize(1);
      Files.writeString(file, "a\nhalf\n");
      assertThat(new String(reader.read(1024, false).lines().get(0), StandardCharsets.UTF_8))
          .isEqualTo("half");
    }
  }

  @Test
  void aFileThatDoesNotExistYetReadsAsEmptyUntilItAppears() throws Exception {
    Path file = dir.resolve("later.log");
    try (LogFileReader reader = LogFileReader.open(file, -1)) {
      assertThat(reader.read(1024, false).lines()).isEmpty();
      Files.writeString(file, "x\n");
      assertThat(reader.read(1024, false).lines()).hasSize(1);
    }
  }
}
