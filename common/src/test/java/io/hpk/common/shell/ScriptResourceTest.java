package io.hpk.common.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpk.common.bus.ContainerEntry;
import org.junit.jupiter.api.Test;

class ScriptResourceTest {

  /** A script next to its class is read whole, as written. */
  @Test
  void readsTheResourceInTheOwnersPackage() {
    assertThat(ScriptResource.load(ContainerEntry.class, "container-entry.sh"))
        .startsWith("# shellcheck shell=bash\n")
        .endsWith("--root --wd \"${user[@]}\" -- \"$@\"\n");
  }

  /** A missing script fails at once and names the file that should have been packaged. */
  @Test
  void missingResourceNamesItsPath() {
    assertThatThrownBy(() -> ScriptResource.load(ContainerEntry.class, "nope.sh"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "io/hpk/common/bus/nope.sh of ContainerEntry is not on the classpath");
  }
}
