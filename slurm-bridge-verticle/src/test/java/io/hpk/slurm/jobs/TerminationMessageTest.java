package io.hpk.slurm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {

  @TempDir Path dir;

  /** The container's own file wins, cut at the kubelet's 4096 bytes. */
  @Test
  void theFileIsReadUpToFourKilobytes() throws Exception {
    PodDirectory paths = new PodDirectory(dir);
    Files.createDirectories(paths.statusDir());
    Files.writeString(paths.containerMessage("main"), "x".repeat(5000));
    Files.writeString(paths.containerLogMessage("main"), "ignored");

    assertThat(TerminationMessage.read(paths, "main"))
        .hasValueSatisfying(m -> assertThat(m).hasSize(4096));
  }

  /** From a CRI log: the text only, a partial line without the newline, the last 2048 bytes. */
  @Test
  void theLogFallbackGivesBackWhatTheContainerWrote() {
    String log =
        "2026-12-03T12:00:00.1Z stdout F first\n"
            + "2026-12-03T12:00:00.2Z stderr F \n"
            + "2026-12-03T12:00:00.3Z stdout P DONE\n";
    assertThat(TerminationMessage.fromCriLog(log.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("first\n\nDONE");
    String long_ = "2026-12-03T12:00:00.1Z stdout F " + "y".repeat(3000) + "\n";
    assertThat(TerminationMessage.fromCriLog(long_.getBytes(StandardCharsets.UTF_8))).hasSize(2048);
  }

  /** Hostile text (quotes, control characters, bad UTF-8) stays a JSON value on the bus. */
  @Test
  void hostileMessageSurvivesTheStateJson() throws Exception {
    PodDirectory paths = new PodDirectory(dir);
    Files.createDirectories(paths.statusDir());
    byte[] hostile = "\"},\"exitCode\":0,\"x\":\"\\\n$(id)\u0001".getBytes(StandardCharsets.UTF_8);
    byte[] withBadUtf8 = new byte[hostile.length + 1];
    System.arraycopy(hostile, 0, withBadUtf8, 0, hostile.length);
    withBadUtf8[hostile.length] = (byte) 0xff;
    Files.write(paths.containerMessage("main"), withBadUtf8);
    Files.writeString(
        paths.containerState("main"),
        new JsonObject()
            .put("name", "main")
            .put("state", "terminated")
            .put("exitCode", 3)
            .encode());

    ContainerStateFile state = PodDirectoryFiles.containerStates(paths).get(0);
    ContainerStateFile back = ContainerStateFile.fromJson(new JsonObject(state.toJson().encode()));

    assertThat(back.exitCode()).isEqualTo(3);
    assertThat(back.message())
        .startsWith("\"},\"exitCode\":0,\"x\":\"\\\n$(id)\u0001")
        .endsWith("\uFFFD");
  }
}
