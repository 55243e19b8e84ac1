package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference lists every key HPK accepts, with its default. */
class ReadmeConfigTableTest {

  @Test
  void everyConfigKeyIsDocumentedWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));

    for (ConfigKey key : ConfigKey.values()) {
      String defaultCell =
          key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
      assertThat(readme)
          .as("README row for %s", key.key())
          .contains("| `" + key.key() + "` | " + defaultCell + " |");
    }
  }
}
