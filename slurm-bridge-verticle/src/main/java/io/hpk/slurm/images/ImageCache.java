package io.hpk.slurm.images;

import io.hpk.common.concurrent.WorkerPool;
import io.hpk.slurm.cli.ProcessRunner;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images pulled once into SIF files keyed by the full reference. Concurrent requests for one image
 * share one pull; the pull policy decides whether a cached file is good enough. Call it from the
 * bridge's event loop; pulls run on the worker pool.
 */
public final class ImageCache {

  /** How a request was served, for the Pulling/Pulled events. */
  public record Result(Path sif, boolean pulled, Duration took) {}

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);

  private final Path dir;
  private final String apptainer;
  private final WorkerPool workers;
  private final ProcessRunner runner = new ProcessRunner();
  private final Map<String, Future<Result>> inFlight = new HashMap<>();

  public ImageCache(Path dir, String apptainer, WorkerPool workers) {
    this.dir = dir;
    this.apptainer = apptainer;
    this.workers = workers;
  }

  /** Whether a pull is needed under this policy (Always, IfNotPresent or Never). */
  public boolean needsPull(
      ImageReference image, String policy, Optional<RegistryCredentials> credentials) {
    return "Always".equals(policy) || !Files.exists(sif(image, credentials));
  }

  /**
   * An image pulled with credentials is cached apart, under those credentials: a pod without them
   * must not run a private image because another namespace once pulled it.
   */
  private Path sif(ImageReference image, Optional<RegistryCredentials> credentials) {
    return dir.resolve(
        image.cacheFileName(credentials.map(RegistryCredentials::fingerprint).orElse("")));
  }

  /**
   * The SIF for the image under the pull policy; fails with a message for the pod's status when the
   * image cannot be had.
   */
  public Future<Result> get(
      ImageReference image, String policy, Optional<RegistryCredentials> credentials) {
    Path sif = sif(image, credentials);
    if (!needsPull(image, policy, credentials)) {
      return Future.succeededFuture(new Result(sif, false, Duration.ZERO));
    }
    if ("Never".equals(policy)) {
      return Future.failedFuture(
          "image " + image.image() + " is not present and imagePullPolicy is Never");
    }
    return inFlight.computeIfAbsent(
        sif.getFileName().toString(),
        key ->
            workers
                .run(() -> pull(image, sif, credentials))
                .onComplete(done -> inFlight.remove(key)));
  }

  private Result pull(ImageReference image, Path sif, Optional<RegistryCredentials> credentials)
      throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "pull-", ".sif.partial");
    try {
      ProcessRunner.Result result =
          runner.run(
              List.of(apptainer, "-q", "pull", "--force", partial.toString(), image.pullSource()),
              PULL_TIMEOUT,
              credentials.map(RegistryCredentials::environment).orElse(Map.of()));
      if (!result.ok()) {
        throw new IOException(lastLine(result.stderr()));
      }
      Files.move(partial, sif, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result(sif, true, Duration.ofNanos(System.nanoTime() - started));
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].replaceFirst("^(FATAL|ERROR):\\s*", "");
  }
}
