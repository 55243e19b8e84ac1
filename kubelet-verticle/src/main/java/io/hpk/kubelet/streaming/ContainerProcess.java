package io.hpk.kubelet.streaming;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * A local process (srun, script, tail) wired to the event loop: its output is read on the streaming
 * pool's threads and handed to the context in order, with at most a few chunks in flight, so a slow
 * client slows the process down instead of filling memory; input is written on the pool in order.
 */
public final class ContainerProcess {

  private static final int CHUNK = 32 * 1024;
  private static final int CHUNKS_IN_FLIGHT = 8;

  private final Process process;
  private final Context context;
  private final WorkerExecutor io;
  private final OutputStream stdin;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long pendingInput;

  private ContainerProcess(Process process, Context context, WorkerExecutor io) {
    this.process = process;
    this.context = context;
    this.io = io;
    this.stdin = process.getOutputStream();
  }

  /** Starts the process on the pool; fails when it cannot be started. */
  public static Future<ContainerProcess> start(
      Context context, WorkerExecutor io, List<String> argv) {
    return io.executeBlocking(
        () -> {
          ProcessBuilder builder = new ProcessBuilder(argv);
          builder.environment().put("SHELL", "/bin/sh");
          return new ContainerProcess(builder.start(), context, io);
        },
        false);
  }

  public long pid() {
    return process.pid();
  }

  /** Children of the process (for script: the srun it runs on its terminal). */
  public List<ProcessHandle> children() {
    return process.children().toList();
  }

  /**
   * Copies stdout and stderr to the sinks until the process closes them; the result completes on
   * the context after the last chunk was handed over, with the process's exit code.
   */
  public Future<Integer> run(
      Function<Buffer, Future<Void>> stdout, Function<Buffer, Future<Void>> stderr) {
    Future<Void> out = pump(process.getInputStream(), stdout);
    Future<Void> err = pump(process.getErrorStream(), stderr);
    Future<Process> exited = Future.fromCompletionStage(process.onExit(), context);
    return Future.join(out, err, exited).transform(done -> Future.succeededFuture(exitCode()));
  }

  private int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  private Future<Void> pump(InputStream in, Function<Buffer, Future<Void>> sink) {
    return io.executeBlocking(
        () -> {
          Semaphore credits = new Semaphore(CHUNKS_IN_FLIGHT);
          byte[] buffer = new byte[CHUNK];
          try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              if (n == 0) {
                continue;
              }
              credits.acquire();
              Buffer chunk = Buffer.buffer(Arrays.copyOf(buffer, n));
              context.runOnContext(v -> sink.apply(chunk).onComplete(written -> credits.release()));
            }
          } catch (IOException e) {
            // The process closed the pipe or was killed: its output ends here.
          }
          return null;
        },
        false);
  }

  /** Queues input; the future completes once it was written (or the process stopped reading). */
  public Future<Void> write(Buffer data) {
    pendingInput += data.length();
    lastWrite =
        lastWrite.transform(
            previous ->
                io.executeBlocking(
                    () -> {
                      try {
                        stdin.write(data.getBytes());
                        stdin.flush();
                      } catch (IOException e) {
                        // The process does not read any more; input is discarded.
                      }
                      return null;
                    },
                    false));
    return lastWrite.andThen(done -> pendingInput -= data.length());
  }

  /** Bytes queued for stdin and not yet written. */
  public long pendingInput() {
    return pendingInput;
  }

  /** Closes stdin after everything queued was written. */
  public Future<Void> closeStdin() {
    lastWrite =
        lastWrite.transform(
            previous ->
                io.executeBlocking(
                    () -> {
                      try {
                        stdin.close();
                      } catch (IOException e) {
                        // Already closed.
                      }
                      return null;
                    },
                    false));
    return lastWrite;
  }

  /** Ends the process (srun passes the signal on to the step). */
  public void kill() {
    process.destroy();
  }
}
