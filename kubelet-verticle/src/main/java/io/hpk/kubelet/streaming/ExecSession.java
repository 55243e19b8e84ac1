package io.hpk.kubelet.streaming;

import io.hpk.common.pod.PodDirectory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code kubectl exec}: the command runs as an overlapping step of the pod's job. */
final class ExecSession {

  private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
  private static final long FIRST_SIZE_WAIT_MS = 1_000;
  private static final int RESIZE_ATTEMPTS = 20;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor io;
  private final RemoteCommandChannels channels;
  private final PodTarget target;
  private final PodDirectory files;
  private final String pidFile;
  private String node = "";
  private TerminalSize latestSize;

  ExecSession(
      Vertx vertx,
      Context context,
      WorkerExecutor io,
      RemoteCommandChannels channels,
      PodTarget target,
      PodDirectory files) {
    this.vertx = vertx;
    this.context = context;
    this.io = io;
    this.channels = channels;
    this.target = target;
    this.files = files;
    this.pidFile = files.containerPid(target.container()).toString();
  }

  void start() {
    io.executeBlocking(() -> slurmNode(files), false)
        .onComplete(
            found -> {
              node = found.succeeded() ? found.result() : "";
              startOnNode();
            });
  }

  private void startOnNode() {
    RemoteCommandOptions options = channels.options();
    if (!options.tty()) {
      launch(ContainerCommands.exec(target.jobId(), node, pidFile, options.command()));
      return;
    }
    // The client sends the terminal's size first; the command should start with it.
    Promise<TerminalSize> firstSize = Promise.promise();
    channels.resizeHandler(
        size -> {
          latestSize = size;
          if (!firstSize.tryComplete(size)) {
            resizeWhenRunning();
          }
        });
    long timer =
        vertx.setTimer(FIRST_SIZE_WAIT_MS, t -> firstSize.tryComplete(TerminalSize.DEFAULT));
    firstSize
        .future()
        .onSuccess(
            size -> {
              vertx.cancelTimer(timer);
              launch(
                  ContainerCommands.execOnTerminal(
                      target.jobId(), node, pidFile, options.command(), size));
            });
  }

  private ContainerProcess process;
  private Optional<SrunTerminal> terminal = Optional.empty();

  /** srun's terminal on the login node, and srun itself, which forwards its size on SIGWINCH. */
  private record SrunTerminal(Path pty, long srunPid) {}

  private void launch(List<String> argv) {
    LOG.debug("[{}/{}] exec {}", target.namespace(), target.pod(), channels.options().command());
    ContainerProcess.start(context, io, argv)
        .onFailure(
            e ->
                channels.finish(
                    ExitStatus.failure("cannot start srun on the login node: " + e.getMessage())))
        .onSuccess(this::wire);
  }

  private void wire(ContainerProcess started) {
    process = started;
    boolean tty = channels.options().tty();
    channels.closedHandler(v -> started.kill());
    if (channels.options().stdin()) {
      StdinForwarder.connect(channels, started);
    } else {
      started.closeStdin();
    }
    SrunMessageFilter stdoutFilter = new SrunMessageFilter();
    SrunMessageFilter stderrFilter = new SrunMessageFilter();
    started
        .run(
            out -> channels.stdout(tty ? stdoutFilter.filter(out) : out),
            err -> tty ? Future.succeededFuture() : channels.stderr(stderrFilter.filter(err)))
        .onComplete(
            exited -> {
              Buffer rest = tty ? stdoutFilter.flush() : stderrFilter.flush();
              if (rest.length() > 0) {
                if (tty) {
                  channels.stdout(rest);
                } else {
                  channels.stderr(rest);
                }
              }
              channels.finish(ExitStatus.of(exited.result()));
            });
  }

  private void resizeWhenRunning() {
    resize(RESIZE_ATTEMPTS);
  }

  /** Resizes the login node's terminal of srun, which passes the size on to the command's. */
  private void resize(int attemptsLeft) {
    if (process == null) {
      if (attemptsLeft > 0) {
        vertx.setTimer(100, t -> resize(attemptsLeft - 1));
      }
      return;
    }
    TerminalSize size = latestSize;
    io.executeBlocking(
            () -> {
              if (terminal.isEmpty()) {
                terminal = srunTerminal();
              }
              if (terminal.isEmpty()) {
                return false;
              }
              Process stty =
                  new ProcessBuilder(
                          ContainerCommands.resize(
                              terminal.get().pty().toString(), size, terminal.get().srunPid()))
                      .redirectErrorStream(true)
                      .start();
              stty.getInputStream().readAllBytes();
              return stty.waitFor() == 0;
            },
            true)
        .onComplete(
            done -> {
              if ((done.failed() || !done.result()) && attemptsLeft > 0) {
                vertx.setTimer(100, t -> resize(attemptsLeft - 1));
              }
            });
  }

  private Optional<SrunTerminal> srunTerminal() {
    for (ProcessHandle child : process.children()) {
      try {
        Path stdin =
            Files.readSymbolicLink(Path.of("/proc", Long.toString(child.pid()), "fd", "0"));
        if (stdin.toString().startsWith("/dev/pts/")) {
          return Optional.of(new SrunTerminal(stdin, child.pid()));
        }
      } catch (java.io.IOException e) {
        // Gone or not ours to read; try the next.
      }
    }
    return Optional.empty();
  }

  /**
   * The Slurm node the pod's job script recorded, "" when it has not (yet): a pod of a gang runs on
   * one of its job's nodes, not necessarily the first, where srun would go. Blocking.
   */
  static String slurmNode(PodDirectory files) {
    try {
      String node = Files.readString(files.nodeFile()).trim();
      return SLURM_NODE_NAME.matcher(node).matches() ? node : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static final Pattern SLURM_NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
}
