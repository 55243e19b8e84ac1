package io.hpk.slurm.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which cached SIF a pod may use: an image pulled with credentials only with the same ones. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImageCacheTest {

  private static final ImageReference PRIVATE = ImageReference.of("registry.example/team/app:1.0");
  private static final Optional<RegistryCredentials> TEAM_A =
      Optional.of(new RegistryCredentials("team-a", "secret-a"));
  private static final Optional<RegistryCredentials> TEAM_B =
      Optional.of(new RegistryCredentials("team-b", "secret-b"));

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A private image one namespace pulled is no cached copy for a pod without its credentials. */
  @Test
  void anImagePulledWithCredentialsIsCachedUnderThem() throws Exception {
    ImageCache cache = new ImageCache(dir, "apptainer", new WorkerPool(vertx, "test-pull", 1));
    Files.createFile(dir.resolve(PRIVATE.cacheFileName(TEAM_A.get().fingerprint())));

    assertThat(cache.needsPull(PRIVATE, "IfNotPresent", TEAM_A)).isFalse();
    assertThat(cache.needsPull(PRIVATE, "IfNotPresent", Optional.empty())).isTrue();
    assertThat(cache.needsPull(PRIVATE, "IfNotPresent", TEAM_B)).isTrue();
  }

  /** Images pulled without credentials keep the cache names they had. */
  @Test
  void publicImagesKeepTheirCacheName() throws Exception {
    ImageCache cache = new ImageCache(dir, "apptainer", new WorkerPool(vertx, "test-pull", 1));
    ImageReference busybox = ImageReference.of("busybox:1.35");
    Files.createFile(dir.resolve(busybox.cacheFileName()));

    assertThat(busybox.cacheFileName("")).isEqualTo(busybox.cacheFileName());
    assertThat(cache.needsPull(busybox, "IfNotPresent", Optional.empty())).isFalse();
    assertThat(TEAM_A.get().fingerprint())
        .doesNotContain("secret-a")
        .isNotEqualTo(TEAM_B.get().fingerprint());
  }
}
