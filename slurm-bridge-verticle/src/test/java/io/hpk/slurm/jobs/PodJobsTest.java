package io.hpk.slurm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodGroupRef;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.PodTokensUpdate;
import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.images.ImageReference;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's job books against a fake Slurm: what it submits, tracks, stops and cancels. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PodJobsTest {

  private static final String IMAGE = "busybox:1.35";
  private static final JobOwner OWNER =
      new JobOwner("6f1c2d3e-0000-4000-8000-000000000001", "hpk-node");

  @TempDir Path tmp;
  private Vertx vertx;
  private Context loop;
  private WorkerPool workers;
  private final FakeSlurm slurm = new FakeSlurm();
  private final List<PodJobReport> reports = new CopyOnWriteArrayList<>();
  private final List<PodEventMessage> events = new CopyOnWriteArrayList<>();
  private PodJobs jobs;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    workers = new WorkerPool(vertx, "test-slurm", 2);
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.createFile(images.resolve(ImageReference.of(IMAGE).cacheFileName()));
    vertx
        .eventBus()
        .consumer(
            Addresses.POD_REPORT,
            m -> reports.add(PodJobReport.fromJson((io.vertx.core.json.JsonObject) m.body())));
    vertx
        .eventBus()
        .consumer(
            Addresses.POD_EVENT,
            m -> events.add(PodEventMessage.fromJson((io.vertx.core.json.JsonObject) m.body())));
    jobs = restartedBridge();
    onLoop(jobs::recover);
  }

  /** A bridge as after a (re)start: empty books, the same Slurm and the same pod directories. */
  private PodJobs restartedBridge() {
    Path images = tmp.resolve("images");
    return new PodJobs(
        vertx,
        workers,
        slurm,
        new ImageCache(images, "apptainer", workers),
        new PodJobSettings(
            tmp.resolve("pods"),
            "apptainer",
            "",
            "",
            List.of(),
            Set.of("oci"),
            "",
            "cluster.local"));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Two requests for one pod while its job is being submitted make one sbatch, one report. */
  @Test
  void aPodIsSubmittedOnceAndReportedPending() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");

    List<PodJob> both =
        onLoop(
            () ->
                Future.all(jobs.run(request(pod)), jobs.run(request(pod)))
                    .map(f -> f.<PodJob>list()));

    assertThat(both.get(0).jobId).isEqualTo(both.get(1).jobId);
    assertThat(slurm.count("sbatch")).isEqualTo(1);
    PodJobReport first = awaitReport(r -> r.jobState() == SlurmJobState.PENDING);
    assertThat(first.jobId()).isEqualTo(both.get(0).jobId);
    assertThat(events).extracting(PodEventMessage::reason).contains("Submitted");
    PodDirectory dir = PodDirectory.of(tmp.resolve("pods"), "default", "web", uid(pod));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.dir())))
        .as("the pod's secrets and tokens are its user's alone")
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.dir().getParent())))
        .isEqualTo("rwx------");
  }

  /** A running job's state files become the report; its end settles it, so squeue stops. */
  @Test
  void trackingReportsContainersUntilTheJobEnds() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    PodDirectory dir = PodDirectory.of(tmp.resolve("pods"), "default", "web", uid(pod));
    Files.writeString(
        dir.containerState("c"),
        "{\"name\":\"c\",\"state\":\"running\",\"restartCount\":0,\"startedAt\":\"t\"}");
    Files.writeString(dir.nodeFile(), "c2\n");
    slurm.set(jobId, SlurmJobState.RUNNING);

    onLoop(this::tick);
    PodJobReport running = awaitReport(r -> r.jobState() == SlurmJobState.RUNNING);
    assertThat(running.node()).isEqualTo("c2");
    assertThat(running.containers())
        .singleElement()
        .satisfies(c -> assertThat(c.running()).isTrue());
    awaitEvent("Started");

    slurm.set(jobId, SlurmJobState.COMPLETED);
    onLoop(this::tick);
    awaitReport(r -> r.jobState() == SlurmJobState.COMPLETED);
    long squeues = slurm.count("squeue");
    onLoop(this::tick);
    assertThat(slurm.count("squeue")).isEqualTo(squeues);
  }

  /**
   * A waiting job's reason and expected start reach its report; each new reason is one event, the
   * same reason again is none.
   */
  @Test
  void aWaitingJobsReasonIsReportedAndAnnouncedWhenItChanges() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;

    slurm.pend(jobId, "BeginTime", "2026-12-04T19:00:00");
    onLoop(this::tick);
    PodJobReport waiting = awaitReport(r -> r.reason().equals("BeginTime"));
    assertThat(waiting.message())
        .isEqualTo(
            "Slurm job "
                + jobId
                + " is pending: BeginTime; Slurm expects it to start at 2026-12-04T19:00:00");
    onLoop(this::tick);
    slurm.pend(jobId, "JobHeldUser", "");
    onLoop(this::tick);
    awaitReport(r -> r.reason().equals("JobHeldUser"));

    assertThat(events)
        .filteredOn(e -> e.reason().equals("SlurmPending"))
        .extracting(PodEventMessage::message)
        .doesNotHaveDuplicates()
        .containsSubsequence(waiting.message(), "Slurm job " + jobId + " is pending: JobHeldUser");
  }

  /** A job missing from one squeue answer is not gone; missing from two in a row, it is. */
  @Test
  void aJobIsGoneOnlyWhenTwoAnswersInARowMissIt() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = runningJob(pod);

    slurm.purge(jobId);
    onLoop(this::tick);
    slurm.existing(jobId, OWNER.comment(uid(pod)), SlurmJobState.RUNNING);
    onLoop(this::tick);
    assertThat(reports).noneMatch(r -> r.jobState() == SlurmJobState.GONE);

    slurm.purge(jobId);
    onLoop(this::tick);
    assertThat(reports).noneMatch(r -> r.jobState() == SlurmJobState.GONE);
    onLoop(this::tick);
    awaitReport(r -> r.jobState() == SlurmJobState.GONE);
  }

  /** A pending job has no container to give a grace period to: it is cancelled at once. */
  @Test
  void stoppingAPendingJobCancelsIt() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;

    boolean stopping = onLoop(() -> jobs.stop(OWNER, PodRef.of(pod), 30));

    assertThat(stopping).isTrue();
    assertThat(slurm.commands)
        .contains("scancel " + jobId)
        .doesNotContain("scancel --signal=TERM " + jobId);
  }

  /** A running job gets TERM first and is cancelled only when its grace period is over. */
  @Test
  void stoppingARunningJobWaitsForTheGracePeriod() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = runningJob(pod);

    assertThat(onLoop(() -> jobs.stop(OWNER, PodRef.of(pod), 1))).isTrue();
    assertThat(slurm.commands)
        .contains("scancel --signal=TERM " + jobId)
        .doesNotContain("scancel " + jobId);
    assertThat(onLoop(() -> jobs.stop(OWNER, PodRef.of(pod), 1))).as("a second stop").isTrue();
    await(() -> slurm.commands.contains("scancel " + jobId));
    assertThat(slurm.count("scancel --signal=TERM")).isEqualTo(1);
  }

  /** After a restart the pod's job is found by its comment and adopted, never submitted again. */
  @Test
  void aJobFromBeforeTheRestartIsAdopted() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    slurm.existing("7", OWNER.comment(uid(pod)), SlurmJobState.RUNNING);
    onLoop(jobs::recover);

    assertThat(onLoop(() -> jobs.run(request(pod))).jobId).isEqualTo("7");
    onLoop(this::tick);

    assertThat(awaitReport(r -> r.jobState() == SlurmJobState.RUNNING).jobId()).isEqualTo("7");
    assertThat(slurm.count("sbatch")).isZero();
  }

  /** Reconcile cancels this owner's jobs of pods that are gone, and only those. */
  @Test
  void reconcileCancelsOnlyTheOwnersOrphans() throws Exception {
    String live = "11111111-1111-1111-1111-111111111111";
    String gone = "22222222-2222-2222-2222-222222222222";
    JobOwner otherCluster = new JobOwner("7a7a7a7a-0000-4000-8000-000000000002", "hpk-node");
    slurm.existing("7", OWNER.comment(live), SlurmJobState.RUNNING);
    slurm.existing("8", OWNER.comment(gone), SlurmJobState.RUNNING);
    slurm.existing("9", "", SlurmJobState.RUNNING);
    slurm.existing(
        "10", otherCluster.comment("33333333-3333-3333-3333-333333333333"), SlurmJobState.RUNNING);
    slurm.existing(
        "11", new JobOwner(OWNER.clusterId(), "other-node").comment(gone), SlurmJobState.RUNNING);
    onLoop(jobs::recover);

    List<CancelledJob> cancelled = onLoop(() -> jobs.reconcile(OWNER, Set.of(live)));

    assertThat(cancelled).containsExactly(new CancelledJob(gone, "8"));
    assertThat(slurm.count("scancel")).isEqualTo(1);
  }

  /** A job commented with a bare pod UID (HPK before owners) is still this node's to reconcile. */
  @Test
  void legacyJobsAreReconciledToo() throws Exception {
    String gone = "22222222-2222-2222-2222-222222222222";
    slurm.existing("8", gone, SlurmJobState.RUNNING);
    onLoop(jobs::recover);

    assertThat(onLoop(() -> jobs.reconcile(OWNER, Set.of())))
        .containsExactly(new CancelledJob(gone, "8"));
  }

  /** The job's comment names the owner and the pod. */
  @Test
  void submittedJobsAreCommentedWithTheirOwner() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");

    onLoop(() -> jobs.run(request(pod)));

    assertThat(slurm.queue()).extracting(q -> q.comment()).containsExactly(OWNER.comment(uid(pod)));
  }

  /** A job Slurm refuses is reported REJECTED with Slurm's words and never submitted again. */
  @Test
  void aRefusedPodIsRejectedAndRemembered() throws Exception {
    slurm.refusal = "invalid partition specified: nope";
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");

    onLoopFailure(() -> jobs.run(request(pod)));
    onLoopFailure(() -> jobs.run(request(pod)));

    PodJobReport rejected = awaitReport(PodJobReport::rejected);
    assertThat(rejected.reason()).isEqualTo("SlurmRejected");
    assertThat(rejected.message()).contains("invalid partition specified");
    assertThat(slurm.count("sbatch")).isEqualTo(1);
    awaitEvent("SlurmRejected");
  }

  /** A Slurm that does not answer leaves the pod Pending, and the next request submits it. */
  @Test
  void anUnreachableSlurmIsTriedAgainNotFailed() throws Exception {
    slurm.refusal =
        "Batch job submission failed: Unable to contact slurm controller (connect failure)";
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");

    onLoopFailure(() -> jobs.run(request(pod)));
    PodJobReport refused = awaitReport(PodJobReport::rejected);
    slurm.refusal = null;
    PodJob job = onLoop(() -> jobs.run(request(pod)));

    assertThat(refused.reason()).isEqualTo("SlurmUnavailable");
    assertThat(refused.retried()).as("the pod stays Pending").isTrue();
    assertThat(job.jobId).isNotEmpty();
    assertThat(slurm.count("sbatch")).isEqualTo(2);
  }

  /** An sbatch whose answer was lost is found by its comment: one job, never two. */
  @Test
  void aLostSbatchAnswerIsFoundByTheJobsComment() throws Exception {
    slurm.loseAnswer = true;
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");

    PodJob job = onLoop(() -> jobs.run(request(pod)));

    assertThat(slurm.queue())
        .singleElement()
        .satisfies(q -> assertThat(q.jobId()).isEqualTo(job.jobId));
    assertThat(slurm.count("sbatch")).isEqualTo(1);
  }

  /**
   * A job that ended while HPK was down longer than MinJobAge is no longer in squeue: the pod gets
   * its end from its directory, and is never submitted again.
   */
  @Test
  void aJobSlurmHasForgottenIsNotSubmittedAgain() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    PodDirectory dir = PodDirectory.of(tmp.resolve("pods"), "default", "web", uid(pod));
    Files.writeString(
        dir.containerState("c"),
        "{\"name\":\"c\",\"state\":\"terminated\",\"exitCode\":0,\"restartCount\":0}");
    slurm.purge(jobId);

    PodJobs restarted = restartedBridge();
    onLoop(restarted::recover);
    PodJob job = onLoop(() -> restarted.run(request(pod)));
    for (int round = 0; round < JobObservation.ANSWERS_BEFORE_GONE; round++) {
      onLoop(() -> tick(restarted));
    }

    assertThat(job.jobId).isEqualTo(jobId);
    assertThat(slurm.count("sbatch")).isEqualTo(1);
    PodJobReport end = awaitReport(r -> r.jobState() == SlurmJobState.GONE);
    assertThat(end.containers()).singleElement().satisfies(c -> assertThat(c.exitCode()).isZero());
  }

  /** Pods asked for while Slurm's queue cannot be read wait for it: none is submitted blind. */
  @Test
  void nothingIsSubmittedBeforeSlurmsQueueIsKnown() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    slurm.existing("7", OWNER.comment(uid(pod)), SlurmJobState.RUNNING);
    slurm.controllerDown = true;
    PodJobs restarted = restartedBridge();
    CompletableFuture<PodJob> run = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          restarted.recover();
          restarted
              .run(request(pod))
              .onSuccess(run::complete)
              .onFailure(run::completeExceptionally);
        });
    Thread.sleep(1500);
    assertThat(run).isNotDone();

    slurm.controllerDown = false;

    assertThat(run.get(10, TimeUnit.SECONDS).jobId).isEqualTo("7");
    assertThat(slurm.count("sbatch")).isZero();
  }

  /** A scancel that fails (slurmctld restarting) is tried again until Slurm takes it. */
  @Test
  void aFailedCancelIsTriedAgainUntilItWorks() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    slurm.cancelFailures = 2;

    assertThat(onLoop(() -> jobs.stop(OWNER, PodRef.of(pod), 30))).isTrue();

    await(() -> slurm.state(jobId) == SlurmJobState.CANCELLED);
    assertThat(slurm.count("scancel " + jobId)).isEqualTo(3);
  }

  /**
   * squeue failing changes no pod's status: the pods hear once that Slurm does not answer, the
   * bridge backs off instead of asking every tick, and they hear when it answers again.
   */
  @Test
  void anUnansweredSqueueKeepsStatusesAndBacksOff() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = runningJob(pod);
    int reportsBefore = reports.size();

    slurm.controllerDown = true;
    long squeuesBefore = slurm.count("squeue");
    onLoop(this::tick);
    onLoop(this::tick);
    onLoop(this::tick);

    assertThat(slurm.count("squeue") - squeuesBefore)
        .as("asked once within the back-off")
        .isEqualTo(1);
    assertThat(reports).hasSize(reportsBefore);
    assertThat(events).filteredOn(e -> e.reason().equals("SlurmUnreachable")).hasSize(1);

    slurm.controllerDown = false;
    Thread.sleep(1000);
    onLoop(this::tick);
    awaitEvent("SlurmReachable");
    assertThat(reports).noneMatch(r -> r.jobState() == SlurmJobState.GONE);
  }

  /** A kubelet that asks again for a pod it handed over gets the pod's last report again. */
  @Test
  void askingAgainForATrackedPodRepeatsItsLastReport() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    onLoop(() -> jobs.run(request(pod)));
    awaitReport(r -> r.jobState() == SlurmJobState.PENDING);

    onLoop(() -> jobs.run(request(pod)));

    await(() -> reports.stream().filter(r -> r.jobState() == SlurmJobState.PENDING).count() == 2);
  }

  /** An image file on the cluster is no image for a pod unless the site allows its transport. */
  @Test
  void localImageFilesAreRefusedUnlessAllowed() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    pod.getSpec().getContainers().get(0).setImage("oci-archive:///home/someone/private.tar");

    onLoopFailure(() -> jobs.run(request(pod)));

    PodJobReport rejected = awaitReport(PodJobReport::rejected);
    assertThat(rejected.reason()).isEqualTo("InvalidImageName");
    assertThat(rejected.message()).contains("oci-archive:// reads an image file on the cluster");
    assertThat(slurm.count("sbatch")).isZero();
  }

  /**
   * Fresh tokens of a submitted pod, sent alone or with the pod again, replace its token file in
   * place, owner-only as the spec asks, never in the job script; a pod without a job gets none.
   */
  @Test
  void freshTokensReplaceTheTokenFileOfASubmittedPod() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    pod.getSpec()
        .setVolumes(
            List.of(
                new VolumeBuilder()
                    .withName("tok")
                    .withNewProjected()
                    .withDefaultMode(0600)
                    .addNewSource()
                    .withNewServiceAccountToken()
                    .withPath("token")
                    .endServiceAccountToken()
                    .endSource()
                    .endProjected()
                    .build()));
    onLoop(() -> jobs.run(withToken(pod, "jwt-first-7c1e")));
    PodDirectory dir = PodDirectory.of(tmp.resolve("pods"), "default", "web", uid(pod));
    Path token = dir.volumesDir().resolve("tok/token");
    assertThat(Files.readString(token)).isEqualTo("jwt-first-7c1e");

    onLoop(() -> jobs.replaceTokens(tokens(pod, "jwt-second-9b2d")));

    assertThat(Files.readString(token)).isEqualTo("jwt-second-9b2d");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    try (var left = Files.list(token.getParent())) {
      assertThat(left).containsExactly(token);
    }
    assertThat(Files.readString(dir.jobScript()))
        .doesNotContain("jwt-first")
        .doesNotContain("jwt-second");
    // A restarted kubelet sends the pod again, with the tokens it refreshes from.
    onLoop(() -> jobs.run(withToken(pod, "jwt-third-4a5f")));
    await(() -> "jwt-third-4a5f".equals(readQuietly(token)));
    assertThat(slurm.count("sbatch")).isEqualTo(1);
    onLoopFailure(
        () ->
            jobs.replaceTokens(tokens(pod("other", "99999999-4567-89ef-0123-456789abcdef"), "x")));
  }

  /**
   * A running pod's new ephemeral containers: one gets its launch in the pod directory, one whose
   * image cannot be had gets a Warning and a waiting state with the reason, and asking again
   * launches nothing twice.
   */
  @Test
  void ephemeralContainersOfARunningPodAreLaunchedOrRefusedWithAReason() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    String jobId = runningJob(pod);
    Pod debugged =
        new PodBuilder(pod)
            .editSpec()
            .addNewEphemeralContainer()
            .withName("dbg")
            .withImage(IMAGE)
            .withCommand("sh")
            .endEphemeralContainer()
            .addNewEphemeralContainer()
            .withName("broken")
            .withImage("localhost:5000/absent:1")
            .withImagePullPolicy("Never")
            .endEphemeralContainer()
            .endSpec()
            .build();

    List<String> started = onLoop(() -> jobs.startEphemeralContainers(request(debugged)));

    PodDirectory dir = PodDirectory.of(tmp.resolve("pods"), "default", "web", uid(pod));
    assertThat(started).containsExactly("dbg");
    assertThat(Files.readString(dir.ephemeralLaunch("dbg"))).contains("hpk_launch_1()");
    assertThat(Files.readString(dir.containerState("broken")))
        .contains("\"state\":\"waiting\"", "\"reason\":\"ErrImagePull\"");
    awaitEvent("ErrImagePull");
    assertThat(onLoop(() -> jobs.startEphemeralContainers(request(debugged)))).isEmpty();
  }

  /** A pod whose job does not run has no sandbox for an ephemeral container: the request fails. */
  @Test
  void ephemeralContainersNeedARunningJob() throws Exception {
    Pod pod = pod("web", "0123abcd-4567-89ef-0123-456789abcdef");
    onLoop(() -> jobs.run(request(pod)));

    onLoopFailure(() -> jobs.startEphemeralContainers(request(pod)));
  }

  /**
   * Pods of a PodGroup wait until minMember of them are there, then start in one job: its script
   * runs each pod's job script as a step, its comment names every pod, each pod directory records
   * the shared job id.
   */
  @Test
  void aGangStartsWithItsMinMemberPodsAsOneJob() throws Exception {
    Pod first = grouped("duo-0", "0123abcd-4567-89ef-0123-456789abcd00", "duo");
    Pod second = grouped("duo-1", "0123abcd-4567-89ef-0123-456789abcd01", "duo");

    CompletableFuture<PodJob> firstJob = runLater(inGroup(first, 2));
    PodJobReport waiting = awaitReport(r -> r.reason().equals("WaitingForPodGroup"));
    assertThat(waiting.jobId()).isEmpty();
    assertThat(waiting.message()).contains("1 of its minMember 2");
    assertThat(slurm.count("sbatch")).isZero();
    assertThat(firstJob).isNotDone();

    PodJob secondJob = onLoop(() -> jobs.run(inGroup(second, 2)));

    assertThat(firstJob.get(10, TimeUnit.SECONDS).jobId).isEqualTo(secondJob.jobId);
    assertThat(slurm.commands).containsOnlyOnce("sbatch gang.sh");
    Path gangDir = tmp.resolve("pods/default/.podgroups/duo-0123abcd");
    String script = Files.readString(gangDir.resolve("gang.sh"));
    assertThat(script)
        .contains("#SBATCH --ntasks=2", "#SBATCH --job-name=default_duo")
        .contains("--comment=" + OWNER.comment(List.of(uid(first), uid(second))))
        .contains("hpk_step 'default_duo-0' '" + dir(first).dir() + "'")
        .contains("hpk_step 'default_duo-1' '" + dir(second).dir() + "'");
    assertThat(Files.readString(dir(first).jobIdFile()).trim()).isEqualTo(secondJob.jobId);
    assertThat(Files.readString(dir(second).jobIdFile()).trim()).isEqualTo(secondJob.jobId);
    assertThat(Files.exists(dir(second).jobScript())).isTrue();
  }

  /** A pod deleted while its gang gathers leaves it: the gang starts without it. */
  @Test
  void aPodDeletedBeforeItsGangStartsLeavesIt() throws Exception {
    Pod gone = grouped("duo-0", "0123abcd-4567-89ef-0123-456789abcd00", "duo");
    Pod a = grouped("duo-1", "0123abcd-4567-89ef-0123-456789abcd01", "duo");
    Pod b = grouped("duo-2", "0123abcd-4567-89ef-0123-456789abcd02", "duo");
    CompletableFuture<PodJob> goneJob = runLater(inGroup(gone, 2));
    awaitReport(r -> r.reason().equals("WaitingForPodGroup"));

    assertThat(onLoop(() -> jobs.stop(OWNER, PodRef.of(gone), 5))).isFalse();
    assertThat(goneJob).failsWithin(Duration.ofSeconds(5));
    CompletableFuture<PodJob> aJob = runLater(inGroup(a, 2));
    PodJob bJob = onLoop(() -> jobs.run(inGroup(b, 2)));

    assertThat(aJob.get(10, TimeUnit.SECONDS).jobId).isEqualTo(bJob.jobId);
    assertThat(slurm.count("sbatch")).isEqualTo(1);
    assertThat(Files.readString(tmp.resolve("pods/default/.podgroups/duo-0123abcd/gang.sh")))
        .doesNotContain(uid(gone));
  }

  /** A label naming no PodGroup: the pod waits, Pending with the reason, and is asked again. */
  @Test
  void aPodOfAMissingPodGroupWaitsWithTheReason() throws Exception {
    Pod pod = grouped("solo", "0123abcd-4567-89ef-0123-456789abcd00", "nowhere");

    onLoopFailure(() -> jobs.run(inGroup(pod, PodGroupRef.NOT_FOUND)));

    PodJobReport report = awaitReport(PodJobReport::rejected);
    assertThat(report.reason()).isEqualTo("PodGroupNotFound");
    assertThat(report.retried()).as("stays Pending").isTrue();
    assertThat(report.message()).contains("pod group default/nowhere");
    assertThat(slurm.count("sbatch")).isZero();
  }

  /**
   * After a restart every pod of a gang adopts the gang's one job; stopping one pod stops the job
   * and tells the others why; when one of them is gone, the job is cancelled once.
   */
  @Test
  void aRestartedBridgeAdoptsAGangsJobForEachPod() throws Exception {
    Pod a = grouped("duo-0", "0123abcd-4567-89ef-0123-456789abcd00", "duo");
    Pod b = grouped("duo-1", "0123abcd-4567-89ef-0123-456789abcd01", "duo");
    slurm.existing("77", OWNER.comment(List.of(uid(a), uid(b))), SlurmJobState.RUNNING);
    PodJobs restarted = restartedBridge();
    onLoop(restarted::recover);

    assertThat(onLoop(() -> restarted.run(inGroup(a, 2))).jobId).isEqualTo("77");
    assertThat(onLoop(() -> restarted.run(inGroup(b, 2))).jobId).isEqualTo("77");
    assertThat(slurm.count("sbatch")).isZero();

    onLoop(() -> tick(restarted));
    assertThat(onLoop(() -> restarted.stop(OWNER, PodRef.of(a), 5))).isTrue();
    assertThat(slurm.count("scancel --signal=TERM 77")).isEqualTo(1);
    awaitEvent("Killing");
    assertThat(events)
        .filteredOn(e -> e.pod().name().equals("duo-1"))
        .extracting(PodEventMessage::message)
        .anyMatch(m -> m.contains("pod duo-0 of its pod group is being deleted"));

    List<CancelledJob> cancelled = onLoop(() -> restarted.reconcile(OWNER, Set.of(uid(a))));
    assertThat(cancelled).containsExactly(new CancelledJob(uid(b), "77"));
    assertThat(slurm.count("scancel 77")).as("once, for both pods").isEqualTo(1);
  }

  private static Pod grouped(String name, String uid, String group) {
    return new PodBuilder(pod(name, uid))
        .editMetadata()
        .addToLabels(PodGroupRef.LABEL, group)
        .endMetadata()
        .build();
  }

  private static PodRunRequest inGroup(Pod pod, int minMember) {
    return request(pod)
        .inGroup(new PodGroupRef(pod.getMetadata().getLabels().get(PodGroupRef.LABEL), minMember));
  }

  private PodDirectory dir(Pod pod) {
    return PodDirectory.of(tmp.resolve("pods"), "default", pod.getMetadata().getName(), uid(pod));
  }

  /** Runs the request on the loop without waiting for its job. */
  private CompletableFuture<PodJob> runLater(PodRunRequest request) {
    CompletableFuture<PodJob> result = new CompletableFuture<>();
    loop.runOnContext(
        v ->
            jobs.run(request).onSuccess(result::complete).onFailure(result::completeExceptionally));
    return result;
  }

  /** Submits the pod and has its job reported running; its job id. */
  private String runningJob(Pod pod) throws Exception {
    String jobId = onLoop(() -> jobs.run(request(pod))).jobId;
    slurm.set(jobId, SlurmJobState.RUNNING);
    onLoop(this::tick);
    awaitReport(r -> r.jobState() == SlurmJobState.RUNNING);
    return jobId;
  }

  private static PodRunRequest withToken(Pod pod, String token) {
    return new PodRunRequest(
        OWNER,
        PodJson.toJson(pod),
        Map.of(),
        Map.of(),
        Map.of("tok/token", token),
        Map.of(),
        Map.of());
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static PodTokensUpdate tokens(Pod pod, String token) {
    return new PodTokensUpdate(OWNER, PodJson.toJson(pod), Map.of("tok/token", token));
  }

  private Future<Void> tick() {
    return tick(jobs);
  }

  private Future<Void> tick(PodJobs books) {
    books.tick();
    // One round: squeue and the files on the worker, then the reports on this loop.
    return vertx.timer(300).mapEmpty();
  }

  private static Pod pod(String name, String uid) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .withNodeName("hpk-node")
        .withContainers(new ContainerBuilder().withName("c").withImage(IMAGE).build())
        .endSpec()
        .build();
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  private static PodRunRequest request(Pod pod) {
    return new PodRunRequest(
        OWNER, PodJson.toJson(pod), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  private <T> T onLoop(Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> call.get().onSuccess(result::complete).onFailure(result::completeExceptionally));
    return result.get(10, TimeUnit.SECONDS);
  }

  private void onLoopFailure(Supplier<Future<?>> call) throws Exception {
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    loop.runOnContext(v -> call.get().onComplete(done -> result.complete(done.cause())));
    assertThat(result.get(10, TimeUnit.SECONDS)).as("the request failed").isNotNull();
  }

  private PodJobReport awaitReport(Predicate<PodJobReport> wanted) throws InterruptedException {
    await(() -> reports.stream().anyMatch(wanted));
    return reports.stream().filter(wanted).findFirst().orElseThrow();
  }

  private void awaitEvent(String reason) throws InterruptedException {
    await(() -> events.stream().anyMatch(e -> e.reason().equals(reason)));
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
