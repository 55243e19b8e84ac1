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
   * unshare(CLONE_NEWUSER | CLONE_NEWNS) after exec, then PR_SET_DUMPABLE 0: a child in another
   * mount namespace whose executable this user cannot read, as Apptainer's while it sets one up.
   */
  private static final String NOT_DUMPABLE =
      String.join(
          "\n",
          "import ctypes, time",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "assert libc.unshare(0x10000000 | 0x00020000) == 0",
          "libc.prctl(4, 0, 0, 0, 0)",
          "time.sleep(2)");

  /** A child Apptainer still sets up (not dumpable: its executable unreadable) is not it yet. */
  @Test
  void aChildNotDumpableYetIsNotTheContainer() throws Exception {
    String out =
        run(
            """
            "$hpk_apptainer" -c 'exec bash -c "python3 -c \\"\\$0\\" & sleep 2
              unshare --user --map-root-user --mount sleep 4 & wait" "$1"' cli "$2" &
            """,
            NOT_DUMPABLE);

    assertThat(out).containsAnyOf("up after 2 s", "up after 3 s");
  }

  /**
   * The apptainer command (here a copy of bash under the name the job runs) first converts the
   * image in a nested container of its own (a child in another mount namespace), then execs its
   * runtime, whose child is the container: only that one counts, 2 s later.
   */
  @Test
  void aChildOfTheApptainerCommandItselfIsNotTheContainer() throws Exception {
    String out =
        run(
            """
            "$hpk_apptainer" -c 'unshare --user --map-root-user --mount sleep 2 & sleep 2
              exec bash -c "unshare --user --map-root-user --mount sleep 4 & wait"' &
            """,
            "");

    assertThat(out).containsAnyOf("up after 2 s", "up after 3 s");
  }

  /**
   * Runs START (which starts $child from $hpk_apptainer, given ARG as $2), then hpk_container_up.
   */
  private String run(String start, String arg) throws Exception {
    Path cli = work.resolve("apptainer");
    Files.copy(Path.of("/bin/bash"), cli, StandardCopyOption.COPY_ATTRIBUTES);
    String script =
        PodScriptRuntime.FUNCTIONS
            + "hpk_apptainer=$1\n"
            + start
            + """
            child=$!
            trap 'kill "$child"' EXIT
            SECONDS=0
            hpk_container_up && echo "up after $SECONDS s"
            """;
    Path file = work.resolve("test.sh");
    Files.writeString(file, script);
    Process bash =
        new ProcessBuilder("bash", file.toString(), cli.toString(), arg)
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
