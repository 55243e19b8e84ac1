package io.hpk.kubelet.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.kubelet.model.ContainerLogOptions;
import io.hpk.kubelet.model.LogRenderer;
import io.hpk.kubelet.model.LogRequestException;
import io.hpk.kubelet.pods.NodePods;
import io.hpk.kubelet.server.KubeletRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}: what {@code kubectl logs} asks for
 * through the API server, from the container's CRI log files on the shared filesystem.
 */
public final class ContainerLogRoutes implements KubeletRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogRoutes.class);

  private final Vertx vertx;
  private final WorkerPool workers;
  private final NodePods pods;
  private final Path workDir;
  private final FollowTicker ticker;

  public ContainerLogRoutes(Vertx vertx, WorkerPool workers, NodePods pods, Path workDir) {
    this.vertx = vertx;
    this.workers = workers;
    this.pods = pods;
    this.workDir = workDir;
    this.ticker = new FollowTicker(vertx, workers);
  }

  @Override
  public void mount(Router router) {
    router.get("/containerLogs/:namespace/:pod/:container").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String podName = ctx.pathParam("pod");
    String container = ctx.pathParam("container");
    String podRef = namespace + "/" + podName;
    ContainerLogOptions options;
    Pod pod;
    try {
      options = ContainerLogOptions.parse(ctx.request()::getParam, Instant.now());
      pod =
          pods.pod(namespace, podName)
              .orElseThrow(
                  () -> new LogRequestException(404, "pod \"" + podRef + "\" does not exist"));
      if (!hasContainer(pod.getSpec(), container)) {
        throw new LogRequestException(
            404, "container \"" + container + "\" not found in pod \"" + podRef + "\"");
      }
    } catch (LogRequestException e) {
      reject(ctx, e);
      return;
    }
    ContainerLogFiles files = ContainerLogFiles.of(workDir, pod, container);
    String uid = pod.getMetadata().getUid();
    workers
        .run(() -> open(options, files, container, podRef))
        .onFailure(
            e -> {
              if (e instanceof LogRequestException request) {
                reject(ctx, request);
              } else {
                LOG.warn("[{}] logs of {} not readable: {}", podRef, container, e.toString());
                reject(ctx, new LogRequestException(500, "cannot read the log: " + e.getMessage()));
              }
            })
        .onSuccess(
            opened -> {
              if (ctx.response().closed()) {
                workers.run(
                    () -> {
                      opened.reader().close();
                      return null;
                    });
                return;
              }
              ctx.response()
                  .setChunked(true)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
              new ContainerLogStream(
                      ticker,
                      workers,
                      ctx.response(),
                      opened.reader(),
                      new LogRenderer(options),
                      opened.source().follow(),
                      () -> stillRunning(namespace, podName, uid, files, opened.startedAt()))
                  .start();
            });
  }

  private record Opened(LogSource source, LogFileReader reader, String startedAt) {}

  /** Blocking: reads the container's state and opens the chosen file. */
  private static Opened open(
      ContainerLogOptions options, ContainerLogFiles files, String container, String podRef)
      throws IOException {
    Optional<ContainerStateFile> state = readState(files.state());
    LogSource source =
        LogSource.choose(
            options,
            files,
            state,
            Files.exists(files.current()),
            Files.exists(files.previous()),
            container,
            podRef);
    return new Opened(
        source,
        LogFileReader.open(source.file(), options.tailLines()),
        state.map(ContainerStateFile::startedAt).orElse(""));
  }

  /** Whether the run being followed still runs: same pod, same start, state running. */
  private Future<Boolean> stillRunning(
      String namespace, String podName, String uid, ContainerLogFiles files, String startedAt) {
    boolean podLives =
        pods.pod(namespace, podName)
            .filter(p -> uid.equals(p.getMetadata().getUid()))
            .filter(p -> p.getStatus() == null || !isFinished(p.getStatus().getPhase()))
            .isPresent();
    if (!podLives) {
      return Future.succeededFuture(false);
    }
    return workers.run(
        () ->
            readState(files.state())
                .map(s -> s.running() && s.startedAt().equals(startedAt))
                .orElse(false));
  }

  private static Optional<ContainerStateFile> readState(Path status) throws IOException {
    try {
      return ContainerStateFile.parse(Files.readString(status));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static boolean isFinished(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean hasContainer(PodSpec spec, String container) {
    return spec != null
        && Stream.of(
                spec.getContainers().stream().map(Container::getName),
                spec.getInitContainers().stream().map(Container::getName),
                spec.getEphemeralContainers().stream().map(EphemeralContainer::getName))
            .flatMap(names -> names)
            .anyMatch(container::equals);
  }

  private static void reject(RoutingContext ctx, LogRequestException e) {
    ctx.response()
        .setStatusCode(e.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(e.getMessage());
  }
}
