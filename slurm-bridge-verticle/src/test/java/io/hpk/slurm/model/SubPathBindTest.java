package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs pod-runtime.sh's hpk_subpath with bash in a sandbox of this user (a user and mount
 * namespace, as a pod with a subPath gets), against volumes a hostile container could have
 * arranged.
 */
@Timeout(120)
class SubPathBindTest {

  /** renameat2(RENAME_EXCHANGE) of d and swap every 2 ms, which neither bash nor mv can do. */
  private static final String EXCHANGE =
      String.join(
          "\n",
          "import ctypes, time",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "while True:",
          "    libc.renameat2(-100, b'd', -100, b'swap', 2)",
          "    time.sleep(0.002)");

  @TempDir Path work;
  private Path volume;
  private Path outside;

  @BeforeEach
  void volumes() throws IOException {
    volume = Files.createDirectories(work.resolve("pod/volumes/data"));
    outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "outside\n");
  }

  @Test
  void aDirectoryIsCreatedAndBoundWhereTheContainerWillSeeIt() throws Exception {
    Result result =
        run(
            "hpk_subpath \"$volume\" a/b \"$stage\" && \"${hpk_enter[@]}\" ls -a \"$stage\" > /dev/null");
    assertThat(result.code()).as(result.out()).isZero();
    assertThat(volume.resolve("a/b")).isDirectory();
    Files.writeString(volume.resolve("a/b/seen"), "x");
    assertThat(
            run("hpk_subpath \"$volume\" a/b \"$stage\" && \"${hpk_enter[@]}\" ls \"$stage\"")
                .out())
        .contains("seen");
  }

  @Test
  void aFileIsBoundAsAFile() throws Exception {
    Files.writeString(volume.resolve("config.ini"), "key=value\n");
    Result result =
        run("hpk_subpath \"$volume\" config.ini \"$stage\" && \"${hpk_enter[@]}\" cat \"$stage\"");
    assertThat(result.code()).as(result.out()).isZero();
    assertThat(result.out()).contains("key=value");
  }

  @Test
  void aSymlinkOutOfTheVolumeIsRefusedWhereverItIsOnThePath() throws Exception {
    Files.createSymbolicLink(volume.resolve("dir"), outside);
    Files.createSymbolicLink(volume.resolve("file"), outside.resolve("secret"));
    for (String subPath : new String[] {"dir", "dir/secret", "file"}) {
      Result result = run("hpk_subpath \"$volume\" " + subPath + " \"$stage\"");
      assertThat(result.code()).as(subPath + ": " + result.out()).isNotZero();
      assertThat(result.out()).contains("outside the volume");
    }
  }

  @Test
  void aSymlinkInsideTheVolumeIsFollowed() throws Exception {
    Files.createDirectories(volume.resolve("real"));
    Files.writeString(volume.resolve("real/inside"), "in");
    Files.createSymbolicLink(volume.resolve("alias"), Path.of("real"));
    Result result =
        run("hpk_subpath \"$volume\" alias \"$stage\" && \"${hpk_enter[@]}\" ls \"$stage\"");
    assertThat(result.code()).as(result.out()).isZero();
    assertThat(result.out()).contains("inside");
  }

  /**
   * A container of the pod swaps a directory of the volume with a symlink out of it as fast as it
   * can (an atomic exchange, so the name always exists) while the subPath is bound again and again:
   * whatever is bound is never outside. Checking the path and then binding it by name loses this
   * race in about one round of three.
   */
  @Test
  void aDirectorySwappedWithASymlinkMeanwhileNeverBindsOutside() throws Exception {
    String rounds =
        """
        cd "$volume" && mkdir d && ln -s "$outside" swap || exit 1
        python3 -c "$exchange" &
        flipper=$!
        bound=0 refused=0 escaped=0
        for ((n = 0; n < 300; n++)); do
          if hpk_subpath "$volume" d "$stage" 2>/dev/null; then
            bound=$((bound + 1))
            "${hpk_enter[@]}" test -e "$stage/secret" && escaped=$((escaped + 1))
          else
            refused=$((refused + 1))
          fi
        done
        kill "$flipper"
        echo "bound=$bound refused=$refused escaped=$escaped"
        """;
    Result result = run("exchange=" + ShellQuote.quote(EXCHANGE) + "\n" + rounds);
    assertThat(result.out()).contains("escaped=0").doesNotContain("bound=0 ");
  }

  private record Result(int code, String out) {}

  /** Runs COMMANDS after the runtime's functions, with a sandbox as hpk_sandbox starts it. */
  private Result run(String commands) throws IOException, InterruptedException {
    String script =
        PodScriptRuntime.FUNCTIONS
            + """
            volume=$1 outside=$2 hpk_dir=$3 stage=$3/subpaths/0-0
            """
            + TestPods.SANDBOX
            + commands
            + "\n";
    Path file = work.resolve("test.sh");
    Files.writeString(file, script);
    Process bash =
        new ProcessBuilder(
                "bash",
                file.toString(),
                volume.toString(),
                outside.toString(),
                work.resolve("pod").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(100, TimeUnit.SECONDS)).isTrue();
    return new Result(bash.exitValue(), out);
  }
}
