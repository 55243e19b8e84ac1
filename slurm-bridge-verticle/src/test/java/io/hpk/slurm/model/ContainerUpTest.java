package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs pod-runtime.sh's hpk_container_up with bash against processes shaped like Apptainer's. */
@Timeout(60)
class ContainerUpTest {

  @TempDir Path work;

  /**
   * The apptainer command (here a copy of bash under the name the job runs) first converts the
   * image in a nested container of its own (a child in another mount namespace), then execs its
   * runtime, whose child is the container: only that one counts, 2 s later.
   */
  @Test
  void aChildOfTheApptainerCommandItselfIsNotTheContainer() throws Exception {
    Path cli = work.resolve("apptainer");
    Files.copy(Path.of("/bin/bash"), cli, StandardCopyOption.COPY_ATTRIBUTES);
    String script =
        PodScriptRuntime.FUNCTIONS
            + """
            hpk_apptainer=$1
            "$hpk_apptainer" -c 'unshare --user --map-root-user --mount sleep 2 & sleep 2
              exec bash -c "unshare --user --map-root-user --mount sleep 4 & wait"' &
            child=$!
            trap 'kill "$child"' EXIT
            SECONDS=0
            hpk_container_up && echo "up after $SECONDS s"
            """;
    Path file = work.resolve("test.sh");
    Files.writeString(file, script);
    Process bash =
        new ProcessBuilder("bash", file.toString(), cli.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(out).containsAnyOf("up after 2 s", "up after 3 s");
  }
}
