package io.hpk.kubelet.streaming;

import io.hpk.common.bus.ContainerEntry;
import io.hpk.common.shell.ScriptResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes the login node starts to reach into a running container. Exec is an overlapping
 * Slurm step of the pod's job that enters the container's namespaces with nsenter: the job script
 * records the pid of each container's Apptainer runtime parent in {@code status/<name>.pid}; the
 * container process is its child in another mount namespace. The command gets the environment the
 * container process started with (PATH, the pod's env), its root, working directory and user.
 */
public final class ContainerCommands {

  /** Writes the attach client's input into the container's stdin FIFO on the job's node. */
  static final String FEED_STDIN = ScriptResource.load(ContainerCommands.class, "feed-stdin.sh");

  private ContainerCommands() {}

  /** Exec without a terminal: stdin, stdout and stderr are srun's pipes. */
  public static List<String> exec(String jobId, String node, String pidFile, List<String> command) {
    List<String> argv = new ArrayList<>(srun(jobId, node, false));
    argv.addAll(List.of("bash", "-c", ContainerEntry.SCRIPT, "hpk-exec", pidFile));
    argv.addAll(command);
    return argv;
  }

  /**
   * Exec on a terminal: {@code srun --pty} gives the command a terminal on the job's node and
   * forwards window-size changes of its own terminal, which {@code script} creates on the login
   * node. Resizing that local terminal ({@code stty -F}) resizes the remote one.
   */
  public static List<String> execOnTerminal(
      String jobId, String node, String pidFile, List<String> command, TerminalSize size) {
    List<String> inner = new ArrayList<>(srun(jobId, node, true));
    inner.addAll(List.of("bash", "-c", ContainerEntry.SCRIPT, "hpk-exec", pidFile));
    inner.addAll(command);
    String shell =
        "stty cols "
            + size.width()
            + " rows "
            + size.height()
            + " 2> /dev/null; exec "
            + String.join(" ", inner.stream().map(ContainerCommands::quote).toList());
    return List.of("script", "-qefc", shell, "/dev/null");
  }

  /** Sets the size of the terminal a process (srun) has as its stdin. */
  public static List<String> resize(String terminal, TerminalSize size, long srunPid) {
    // stty sets columns and rows with separate ioctls, each a SIGWINCH; srun may forward the size
    // between them and miss the second. One more SIGWINCH once both are set forwards the whole
    // size.
    return List.of(
        "sh",
        "-c",
        "stty -F \"$1\" cols \"$2\" rows \"$3\" && kill -WINCH \"$4\"",
        "hpk-resize",
        terminal,
        Integer.toString(size.width()),
        Integer.toString(size.height()),
        Long.toString(srunPid));
  }

  /** Attach input: copies stdin into the container's stdin FIFO. */
  public static List<String> feedStdin(String jobId, String node, String fifo) {
    List<String> argv = new ArrayList<>(srun(jobId, node, false));
    argv.addAll(List.of("bash", "-c", FEED_STDIN, "hpk-attach", fifo));
    return argv;
  }

  /** Attach output: the container's log from now on (the log is on the shared filesystem). */
  public static List<String> followLog(String log) {
    return List.of("tail", "-n", "0", "-F", log);
  }

  private static List<String> srun(String jobId, String node, boolean pty) {
    List<String> argv =
        new ArrayList<>(
            List.of("srun", "--quiet", "--jobid=" + jobId, "--overlap", "--nodes=1", "--ntasks=1"));
    if (!node.isEmpty()) {
      argv.add("--nodelist=" + node);
    }
    if (pty) {
      argv.add("--pty");
    }
    return argv;
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
