package io.hpk.common.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PodDirectoryTest {

  private static final Path WORK = Path.of("/work/pods");

  /** Every file of the contract lies where the job script's variables say it does. */
  @Test
  void pathsAndShellVariablesNameTheSameFiles() {
    PodDirectory pod = PodDirectory.of(WORK, "ns", "web", "0123456789abcdef");
    Path dir = WORK.resolve("ns/web-01234567");
    var shell = PodDirectory.shellVariables();

    assertThat(pod.dir()).isEqualTo(dir);
    assertThat(pod.containerState("c"))
        .isEqualTo(dir.resolve(shell.get("hpk_status_dir") + "/c" + shell.get("hpk_state_suffix")));
    assertThat(pod.containerPid("c"))
        .isEqualTo(dir.resolve(shell.get("hpk_status_dir") + "/c" + shell.get("hpk_pid_suffix")));
    assertThat(pod.containerStdin("c"))
        .isEqualTo(dir.resolve(shell.get("hpk_status_dir") + "/c" + shell.get("hpk_stdin_suffix")));
    assertThat(pod.containerLog("c"))
        .isEqualTo(dir.resolve(shell.get("hpk_logs_dir") + "/c" + shell.get("hpk_log_suffix")));
    assertThat(pod.previousLog("c"))
        .isEqualTo(
            dir.resolve(shell.get("hpk_logs_dir") + "/c" + shell.get("hpk_previous_log_suffix")));
    assertThat(pod.podIpFile()).isEqualTo(dir.resolve(shell.get("hpk_pod_ip_file")));
    assertThat(pod.usageFile()).isEqualTo(dir.resolve(shell.get("hpk_usage_file")));
    assertThat(pod.volumesDir()).isEqualTo(dir.resolve(shell.get("hpk_volumes_dir")));
  }

  /** Seen from inside the pod directory, the same files have the same names. */
  @Test
  void relativeLayoutIsTheJobScriptsView() {
    PodDirectory pod = PodDirectory.of(WORK, "ns", "web", "0123456789abcdef");

    assertThat(PodDirectory.RELATIVE.containerStdin("c").toString()).isEqualTo("status/c.stdin");
    assertThat(pod.dir().resolve(PodDirectory.RELATIVE.containerLog("c")))
        .isEqualTo(pod.containerLog("c"));
  }

  /** A long pod name is cut so the directory name stays a valid file name. */
  @Test
  void longNamesAreCut() {
    PodDirectory pod = PodDirectory.of(WORK, "ns", "a".repeat(253), "0123456789abcdef");

    assertThat(pod.dir().getFileName().toString()).hasSize(200 + 1 + 8);
  }

  /** A container name that is not a DNS label never becomes a path. */
  @Test
  void containerNamesMustBeLabels() {
    PodDirectory pod = PodDirectory.of(WORK, "ns", "web", "0123456789abcdef");

    assertThatThrownBy(() -> pod.containerLog("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pod.containerPid("A")).isInstanceOf(IllegalArgumentException.class);
  }
}
