package io.hpk.slurm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.pod.PodDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The job script's events file: only new complete lines, only the script's own reasons. */
@Timeout(10)
class ScriptEventsTest {

  @TempDir Path dir;

  @Test
  void onlyTheReasonsTheScriptWritesBecomeEventsAndMessagesAreCut() {
    List<ScriptEvents.ScriptEvent> events =
        ScriptEvents.parse(
            List.of(
                "Warning\tFailedPostStartHook\tPostStartHook of container c failed (exit code 1)",
                "Warning\tKilling\ta container pretending to be the kubelet",
                "Normal\tFailedPreStopHook\t" + "x".repeat(5000),
                "garbage"));

    assertThat(events)
        .containsExactly(
            new ScriptEvents.ScriptEvent(
                true, "FailedPostStartHook", "PostStartHook of container c failed (exit code 1)"),
            new ScriptEvents.ScriptEvent(
                false, "FailedPreStopHook", "x".repeat(ScriptEvents.MAX_MESSAGE)));
  }

  @Test
  void linesAreReadOnceAndALineBeingWrittenWaits() throws Exception {
    PodDirectory paths = new PodDirectory(dir);
    assertThat(PodDirectoryFiles.eventLines(paths, 0)).isEmpty();

    Files.writeString(paths.eventsFile(), "one\ntwo\nthr");
    assertThat(PodDirectoryFiles.eventLines(paths, 0)).containsExactly("one", "two");
    assertThat(PodDirectoryFiles.eventLines(paths, 2)).isEmpty();

    Files.writeString(paths.eventsFile(), "one\ntwo\nthree\n");
    assertThat(PodDirectoryFiles.eventLines(paths, 2)).containsExactly("three");
  }
}
