package io.hpk.kubelet.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.pod.PodDirectory;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of exec and attach: options, exit status, resize, srun noise, log lines. */
class RemoteCommandPiecesTest {

  @Test
  void optionsComeFromTheQueryAndATerminalHasNoSeparateStderr() {
    Map<String, String> query = Map.of("output", "1", "error", "1", "tty", "true");
    RemoteCommandOptions options =
        RemoteCommandOptions.parse(query::get, name -> List.of("sh", "-c", "true"), true);
    assertThat(options.command()).containsExactly("sh", "-c", "true");
    assertThat(options.stdout()).isTrue();
    assertThat(options.stderr()).isFalse();
    assertThat(options.tty()).isTrue();
    assertThatThrownBy(() -> RemoteCommandOptions.parse(query::get, name -> List.of(), true))
        .hasMessageContaining("command");
  }

  @Test
  void nonZeroExitIsTheStatusKubectlTurnsIntoItsExitCode() {
    assertThat(ExitStatus.of(0).encode()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    assertThat(ExitStatus.of(3).getString("reason")).isEqualTo("NonZeroExitCode");
    assertThat(
            ExitStatus.of(3)
                .getJsonObject("details")
                .getJsonArray("causes")
                .getJsonObject(0)
                .encode())
        .isEqualTo("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
  }

  @Test
  void resizeObjectsSplitAcrossChunksAreDecoded() {
    ResizeDecoder decoder = new ResizeDecoder();
    assertThat(decoder.feed(Buffer.buffer("{\"Width\":100,\"Hei"))).isEmpty();
    assertThat(decoder.feed(Buffer.buffer("ght\":30}\n{\"Width\":120,\"Height\":40}\n")))
        .containsExactly(new TerminalSize(100, 30), new TerminalSize(120, 40));
    assertThat(decoder.feed(Buffer.buffer("{\"Width\":0,\"Height\":0}"))).isEmpty();
  }

  @Test
  void srunsExitReportIsRemovedAndEverythingElsePasses() {
    SrunMessageFilter filter = new SrunMessageFilter();
    Buffer out =
        filter
            .filter(Buffer.buffer("spam\nsrun: err"))
            .appendBuffer(
                filter.filter(
                    Buffer.buffer(
                        "or: hpk-node: task 0: Exited with exit code 3\nsrun: other\nsr")))
            .appendBuffer(filter.flush());
    assertThat(out.toString()).isEqualTo("spam\nsrun: other\nsr");
  }

  @Test
  void theJobIdComesFromTheContainerId() {
    assertThat(PodTarget.jobId("apptainer://1234/main")).isEqualTo("1234");
    assertThat(PodTarget.jobId("docker://abc")).isEmpty();
    assertThat(PodTarget.jobId("apptainer://12;rm/x")).isEmpty();
  }

  /** Exec and attach reach a running ephemeral container by its status, with its stdin. */
  @Test
  void aRunningEphemeralContainerIsATarget() {
    Pod pod =
        new PodBuilder(StreamingRoutesTest.POD)
            .editSpec()
            .addNewEphemeralContainer()
            .withName("dbg")
            .withStdin(true)
            .endEphemeralContainer()
            .endSpec()
            .editStatus()
            .addNewEphemeralContainerStatus()
            .withName("dbg")
            .withContainerID("apptainer://42/dbg")
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .endEphemeralContainerStatus()
            .endStatus()
            .build();

    PodTarget target = PodTarget.of(pod, "dbg", null);

    assertThat(target.jobId()).isEqualTo("42");
    assertThat(target.container()).isEqualTo("dbg");
    assertThat(target.containerStdin()).isTrue();
  }

  @Test
  void execOnATerminalQuotesEveryWordForScript() {
    List<String> argv =
        ContainerCommands.execOnTerminal(
            "7",
            "c2",
            "/p/status/c.pid",
            List.of("sh", "-c", "echo 'x'"),
            new TerminalSize(90, 20));
    assertThat(argv.subList(0, 2)).containsExactly("script", "-qefc");
    assertThat(argv.get(2))
        .startsWith("stty cols 90 rows 20 2> /dev/null; exec 'srun'")
        .contains("'--pty'")
        .contains("'--nodelist=c2'")
        .endsWith("'sh' '-c' 'echo '\\''x'\\'''");
  }

  @Test
  void execRunsOnTheNodeThePodsJobScriptRecorded(@TempDir Path dir) throws Exception {
    PodDirectory files = new PodDirectory(dir);
    assertThat(ExecSession.slurmNode(files)).isEmpty();
    assertThat(ContainerCommands.exec("7", "", "/p/c.pid", List.of("true")))
        .noneMatch(word -> word.startsWith("--nodelist"));

    Files.writeString(files.nodeFile(), "c3\n");
    assertThat(ExecSession.slurmNode(files)).isEqualTo("c3");
    assertThat(ContainerCommands.exec("7", "c3", "/p/c.pid", List.of("true")))
        .contains("--nodelist=c3");

    Files.writeString(files.nodeFile(), "c1 --uid=0\n");
    assertThat(ExecSession.slurmNode(files)).isEmpty();
  }
}
