package io.hpk.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

  private final ProcessRunner runner = new ProcessRunner();

  @Test
  void collectsStdoutStderrAndExitCode() throws IOException {
    ProcessRunner.Result result =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.ok()).isFalse();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void commandReadingStdinSeesEndOfInput() throws IOException {
    ProcessRunner.Result result = runner.run(List.of("cat"), Duration.ofSeconds(10));

    assertThat(result.ok()).isTrue();
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void commandThatHangsIsKilledAtTheTimeout() {
    assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not finish");
  }

  @Test
  void missingCommandIsAnIoException() {
    assertThatThrownBy(() -> runner.run(List.of("no-such-tool-hpk"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }
}
