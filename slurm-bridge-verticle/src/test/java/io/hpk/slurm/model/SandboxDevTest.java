package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs pod-runtime.sh's hpk_sandbox_dev and hpk_termination_file with bash in a sandbox of this
 * user (a user and mount namespace, as hpk_sandbox starts it): the links a terminationMessagePath
 * under /dev needs, in a /dev that is the sandbox's alone.
 */
@Timeout(60)
class SandboxDevTest {

  @TempDir Path work;

  /**
   * The sandbox's /dev links each wanted name that is not a device to the container-side target,
   * still holds the node's devices (usable), and the node's /dev is left as it was; a container
   * whose path is linked gets its file bound behind the link.
   */
  @Test
  void theSandboxsDevLinksTheTerminationPathsAndKeepsTheDevices() throws Exception {
    String out =
        run(
            """
            hpk_dev_names=(termination-log null 'it'\\''s log')
            hpk_sandbox_dev || exit 1
            echo "links=${!hpk_dev_links[*]}"
            "${hpk_enter[@]}" readlink "/dev/it's log" /dev/termination-log
            "${hpk_enter[@]}" bash -c 'echo x > /dev/null && head -c 4 /dev/urandom | wc -c'
            [[ -c /dev/null && ! -e /dev/termination-log ]] && echo node-untouched
            name=c hpk_binds=()
            hpk_termination_file File /dev/termination-log
            printf 'bind[%s]\\n' "${hpk_binds[@]}"
            [[ -f $hpk_status_dir/c$hpk_termination_suffix ]] && echo file-made
            name=d hpk_binds=()
            hpk_termination_file File /dev/null
            echo "null-binds=${#hpk_binds[@]}"
            """);

    assertThat(out)
        .contains(
            "links=",
            "/.hpk-termination-log\n/.hpk-termination-log\n",
            "\n4\n",
            "node-untouched",
            "bind[-B]\nbind["
                + work
                + "/pod/status/c.termination:/.hpk-termination-log]\n"
                + "bind[-B]\nbind[/dev/termination-log]\n",
            "file-made",
            "null-binds=0");
    String links = out.lines().filter(l -> l.startsWith("links=")).findFirst().orElseThrow();
    assertThat(links).contains("termination-log", "it's log").doesNotContain("null");
  }

  /** Runs COMMANDS after the runtime's functions, with a sandbox as hpk_sandbox starts it. */
  private String run(String commands) throws IOException, InterruptedException {
    String script =
        PodScriptRuntime.FUNCTIONS
            + """
            hpk_dir=$1 hpk_status_dir=status hpk_termination_suffix=.termination
            hpk_message_suffix=.message hpk_log_message_suffix=.log-message
            hpk_dev_link_target=/.hpk-termination-log
            declare -A hpk_dev_links=()
            mkdir -p "$hpk_dir/$hpk_status_dir" && cd "$hpk_dir" || exit 1
            """
            + TestPods.SANDBOX
            + commands
            + "\n";
    Path file = work.resolve("test.sh");
    Files.writeString(file, script);
    Process bash =
        new ProcessBuilder("bash", file.toString(), work.resolve("pod").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(50, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out;
  }
}
