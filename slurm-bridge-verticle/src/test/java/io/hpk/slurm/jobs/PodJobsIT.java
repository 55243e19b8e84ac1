package io.hpk.slurm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.SlurmCommands;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.lab.SlurmLab;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge's own job classes against the lab's real Slurm, Apptainer and pod network, as the HPC
 * user: a pod's job runs on a compute node and its end is reported; a restarted bridge adopts the
 * job instead of submitting it again, and reconcile cancels it once its pod is gone.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PodJobsIT {

  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final JobOwner OWNER = new JobOwner(UUID.randomUUID().toString(), "pod-jobs-it");

  private Vertx vertx;
  private Context loop;
  private WorkerPool workers;
  private Path workDir;
  private final List<PodJobReport> reports = new CopyOnWriteArrayList<>();
  private long ticker;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    workers = new WorkerPool(vertx, "it-slurm", 4);
    workDir = Files.createTempDirectory(SlurmLab.STATE, "pod-jobs-it-");
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.POD_REPORT, m -> reports.add(PodJobReport.fromJson(m.body())));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A pod runs as a Slurm job on a compute node; its container's exit and output come back. */
  @Test
  void aPodRunsToItsEndOnAComputeNode() throws Exception {
    PodJobs jobs = bridge();
    Pod pod = pod("echo from-$(hostname); exit 3");

    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    PodJobReport ended = awaitReport(r -> r.jobId().equals(jobId) && r.ended());

    // The job exits as its pod ends: a container that failed (restartPolicy Never) fails the job.
    assertThat(ended.jobState()).isEqualTo(SlurmJobState.FAILED);
    assertThat(ended.podIp()).startsWith("10.244.");
    assertThat(ended.containers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.state()).isEqualTo(ContainerStateFile.State.TERMINATED);
              assertThat(c.exitCode()).isEqualTo(3);
            });
    // A container's hostname is its pod's name, as in Kubernetes.
    assertThat(Files.readString(directory(pod).containerLog("main")))
        .contains("stdout F from-" + pod.getMetadata().getName());
    assertThat(
            SlurmLab.run("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%k|%N").stdout().trim())
        .matches(Pattern.quote(OWNER.comment(pod.getMetadata().getUid())) + "\\|c[0-9]+");
  }

  /** After a restart the running job is adopted, not submitted again; reconcile ends it. */
  @Test
  void aRestartedBridgeAdoptsTheJobAndReconcileCancelsIt() throws Exception {
    Pod pod = pod("sleep 300");
    String jobId = onLoop(() -> bridge().run(request(pod))).jobId;
    awaitReport(r -> r.jobId().equals(jobId) && r.jobState() == SlurmJobState.RUNNING);

    PodJobs restarted = bridge();
    assertThat(onLoop(() -> restarted.run(request(pod))).jobId).isEqualTo(jobId);
    List<CancelledJob> cancelled = onLoop(() -> restarted.reconcile(OWNER, Set.of()));

    assertThat(cancelled).containsExactly(new CancelledJob(pod.getMetadata().getUid(), jobId));
    assertThat(SlurmLab.awaitEnd(jobId, LIMIT)).isEqualTo("CANCELLED");
    assertThat(countJobs(OWNER.comment(pod.getMetadata().getUid())))
        .as("jobs with the pod's comment")
        .isEqualTo(1);
  }

  /** A deleted pod's job gets TERM, and its container ends within the grace period. */
  @Test
  void aStoppedPodEndsWithinItsGracePeriod() throws Exception {
    PodJobs jobs = bridge();
    Pod pod = pod("trap 'echo got-term; exit 0' TERM; echo trapping; while :; do sleep 1; done");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    Path log = directory(pod).containerLog("main");
    // Running is reported when Apptainer starts; the shell has its trap once it says so.
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains("trapping"))) {
      assertThat(System.nanoTime())
          .as("container started, reports: %s", reports)
          .isLessThan(deadline);
      Thread.sleep(200);
    }

    assertThat(onLoop(() -> jobs.stop(OWNER, PodRef.of(pod), 20))).isTrue();

    PodJobReport ended = awaitReport(r -> r.jobId().equals(jobId) && r.ended());
    assertThat(ended.containers())
        .singleElement()
        .satisfies(c -> assertThat(c.exitCode()).isZero());
    assertThat(Files.readString(log)).contains("got-term");
  }

  private PodJobs bridge() {
    PodJobs jobs =
        new PodJobs(
            vertx,
            workers,
            new SlurmCommands(),
            new ImageCache(SlurmLab.STATE.resolve("images/cache"), "apptainer", workers),
            new PodJobSettings(
                workDir,
                "apptainer",
                SlurmLab.NETWORK,
                "/usr/local/libexec/hpk/pod-network",
                List.of(),
                Set.of(),
                "",
                "cluster.local"));
    loop.runOnContext(v -> vertx.cancelTimer(ticker));
    // As the bridge verticle does at start: nothing runs before Slurm's queue has been read.
    loop.runOnContext(v -> jobs.recover());
    loop.runOnContext(v -> ticker = vertx.setPeriodic(500, t -> jobs.tick()));
    return jobs;
  }

  private static Pod pod(String script) {
    String uid = UUID.randomUUID().toString();
    return new PodBuilder()
        .withNewMetadata()
        .withName("it-" + uid.substring(0, 8))
        .withNamespace("default")
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .withNodeName("hpk-kubelet")
        .withRestartPolicy("Never")
        .withContainers(
            new ContainerBuilder()
                .withName("main")
                .withImage(SlurmLab.IMAGE.replace("docker://", ""))
                .withCommand("sh", "-c", script)
                .build())
        .endSpec()
        .build();
  }

  private PodDirectory directory(Pod pod) {
    return PodDirectory.of(
        workDir, "default", pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  private static PodRunRequest request(Pod pod) {
    return new PodRunRequest(
        OWNER, PodJson.toJson(pod), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static long countJobs(String comment) throws Exception {
    return SlurmLab.run("squeue", "-h", "-t", "all", "--me", "-o", "%k")
        .stdout()
        .lines()
        .filter(comment::equals)
        .count();
  }

  private <T> T onLoop(Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> call.get().onSuccess(result::complete).onFailure(result::completeExceptionally));
    return result.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  private PodJobReport awaitReport(Predicate<PodJobReport> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (reports.stream().noneMatch(wanted)) {
      assertThat(System.nanoTime()).as("reports so far: %s", reports).isLessThan(deadline);
      Thread.sleep(200);
    }
    return reports.stream().filter(wanted).findFirst().orElseThrow();
  }
}
