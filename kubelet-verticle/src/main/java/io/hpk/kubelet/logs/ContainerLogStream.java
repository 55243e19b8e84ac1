package io.hpk.kubelet.logs;

import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.model.LogRenderer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/**
 * Streams one log request to its response without a thread of its own: each read runs on the worker
 * pool, the next starts when the response can take more (back-pressure), and a follower that has
 * read everything waits on the node's {@link FollowTicker} until its file grows. A follow ends once
 * the container no longer runs and the file has been read to its end twice since (the job script's
 * line copier may still flush after the status changes), or when the client leaves.
 */
final class ContainerLogStream implements FollowTicker.Follower {

  private static final int CHUNK_BYTES = 1024 * 1024;
  private static final int QUIET_POLLS_AFTER_EXIT = 2;

  private final FollowTicker ticker;
  private final WorkerPool workers;
  private final HttpServerResponse response;
  private final LogFileReader reader;
  private final LogRenderer renderer;
  private final boolean follow;
  private final Supplier<Future<Boolean>> stillRunning;
  private int quietPollsAfterExit = -1;
  private boolean done;

  /** A read is on the worker pool: a drain event must not start a second one on the same file. */
  private boolean reading;

  /** A chunk read and rendered on the worker pool, ready to write, and the file's size then. */
  private record Rendered(LogFileReader.Chunk chunk, byte[] bytes, long fileSize) {}

  ContainerLogStream(
      FollowTicker ticker,
      WorkerPool workers,
      HttpServerResponse response,
      LogFileReader reader,
      LogRenderer renderer,
      boolean follow,
      Supplier<Future<Boolean>> stillRunning) {
    this.ticker = ticker;
    this.workers = workers;
    this.response = response;
    this.reader = reader;
    this.renderer = renderer;
    this.follow = follow;
    this.stillRunning = stillRunning;
  }

  void start() {
    response.closeHandler(v -> finish(false));
    response.drainHandler(v -> pump());
    pump();
  }

  private void pump() {
    if (done || reading || response.writeQueueFull()) {
      return;
    }
    boolean last = quietPollsAfterExit >= QUIET_POLLS_AFTER_EXIT;
    reading = true;
    workers
        .run(() -> readAndRender(last || !follow))
        .onComplete(read -> reading = false)
        .onFailure(e -> finish(true))
        .onSuccess(
            rendered -> {
              if (done) {
                return;
              }
              LogFileReader.Chunk chunk = rendered.chunk();
              if (rendered.bytes().length > 0) {
                response.write(Buffer.buffer(rendered.bytes()));
              }
              boolean progressed = !chunk.lines().isEmpty();
              if (renderer.exhausted() || last || (!follow && (chunk.atEnd() || !progressed))) {
                finish(true);
              } else if (progressed && !chunk.atEnd()) {
                pump();
              } else {
                if (progressed) {
                  quietPollsAfterExit = Math.min(quietPollsAfterExit, 0);
                }
                ticker.park(this, rendered.fileSize());
              }
            });
  }

  @Override
  public LogFileReader reader() {
    return reader;
  }

  @Override
  public void wake(boolean grew) {
    if (grew) {
      pump();
    } else {
      checkRunningThenPump();
    }
  }

  /** Rendering runs with the read, off the event loop; one read at a time touches the renderer. */
  private Rendered readAndRender(boolean toEnd) throws java.io.IOException {
    LogFileReader.Chunk chunk = reader.read(CHUNK_BYTES, toEnd);
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK_BYTES + 4096);
    chunk.lines().forEach(line -> renderer.append(line, out));
    return new Rendered(chunk, out.toByteArray(), reader.size());
  }

  private void checkRunningThenPump() {
    stillRunning
        .get()
        .onComplete(
            running -> {
              if (done) {
                return;
              }
              if (running.failed() || !running.result()) {
                quietPollsAfterExit++;
              }
              pump();
            });
  }

  private void finish(boolean endResponse) {
    if (done) {
      return;
    }
    done = true;
    ticker.remove(this);
    if (endResponse && !response.ended() && !response.closed()) {
      response.end();
    }
    workers.run(
        () -> {
          reader.close();
          return null;
        });
  }
}
