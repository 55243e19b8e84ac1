package io.hpk.kubelet.streaming;

import io.hpk.common.pod.PodDirectory;
import io.hpk.kubelet.model.CriLogLine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.util.Optional;

/**
 * One {@code kubectl attach}: what the container writes from now on (followed in its log, split
 * back into stdout and stderr) and, with {@code -i}, input into the FIFO the job script gave the
 * container as stdin. Ends when the container stops or the client leaves.
 */
final class AttachSession {

  private static final long LIVENESS_CHECK_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor io;
  private final RemoteCommandChannels channels;
  private final PodTarget target;
  private final PodDirectory files;
  private ContainerProcess follower;
  private ContainerProcess feeder;
  private long livenessTimer = -1;
  private boolean over;

  AttachSession(
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
  }

  void start() {
    channels.closedHandler(v -> stop());
    String log = files.containerLog(target.container()).toString();
    ContainerProcess.start(context, io, ContainerCommands.followLog(log))
        .onSuccess(this::forwardOutput)
        .onFailure(e -> channels.finish(ExitStatus.failure("cannot follow the log: " + e)));
    if (channels.options().stdin()) {
      String fifo = files.containerStdin(target.container()).toString();
      io.executeBlocking(() -> ExecSession.slurmNode(files), false)
          .otherwise("")
          .compose(
              node ->
                  ContainerProcess.start(
                      context, io, ContainerCommands.feedStdin(target.jobId(), node, fifo)))
          .onSuccess(
              process -> {
                feeder = process;
                StdinForwarder.connect(channels, process);
                SrunMessageFilter filter = new SrunMessageFilter();
                process.run(
                    out -> Future.succeededFuture(), err -> channels.stderr(filter.filter(err)));
              });
    }
    io.executeBlocking(this::currentRun, false)
        .onSuccess(
            run -> livenessTimer = vertx.setPeriodic(LIVENESS_CHECK_MS, t -> checkRunning(run)));
  }

  /**
   * Which run of the container this is (its runtime parent's pid), or "" when it is not running;
   * attach ends with that run, as the kubelet's does.
   */
  private String currentRun() {
    try {
      String state = Files.readString(files.containerState(target.container()));
      if (!state.contains("\"state\":\"running\"")) {
        return "";
      }
      return Files.readString(files.containerPid(target.container())).trim();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private void forwardOutput(ContainerProcess process) {
    follower = process;
    if (over) {
      process.kill();
      return;
    }
    LineSplitter lines = new LineSplitter();
    process.run(
        chunk -> {
          Future<Void> written = Future.succeededFuture();
          for (byte[] line : lines.feed(chunk.getBytes())) {
            Optional<CriLogLine> entry = CriLogLine.parse(line);
            if (entry.isPresent()) {
              Buffer text = Buffer.buffer(entry.get().written());
              written = entry.get().stderr() ? channels.stderr(text) : channels.stdout(text);
            }
          }
          return written;
        },
        err -> Future.succeededFuture());
  }

  private void checkRunning(String run) {
    io.executeBlocking(this::currentRun, false)
        .onSuccess(
            now -> {
              if ((run.isEmpty() || !now.equals(run)) && !over) {
                stop();
                channels.finish(ExitStatus.of(0));
              }
            });
  }

  private void stop() {
    over = true;
    vertx.cancelTimer(livenessTimer);
    if (follower != null) {
      follower.kill();
    }
    if (feeder != null) {
      feeder.kill();
    }
  }
}
