package io.hpk.slurm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.QueuedJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge's pure decisions: how to stop a job, which jobs are orphans, what to report. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JobDecisionsTest {

  private static final String UID_A = "11111111-1111-1111-1111-111111111111";
  private static final String UID_B = "22222222-2222-2222-2222-222222222222";
  private static final JobOwner OWNER =
      new JobOwner("6f1c2d3e-0000-4000-8000-000000000001", "hpk-node");

  /** An outage is announced when it starts and when it ends; asking waits for the back-off. */
  @Test
  void anOutageBacksOffAndIsToldOnce() {
    SlurmOutage outage = new SlurmOutage(Duration.ofSeconds(1), Duration.ofSeconds(4));
    long t = 0;
    assertThat(outage.mayAsk(t)).isTrue();
    assertThat(outage.failed(t)).as("starts the outage").isTrue();
    assertThat(outage.mayAsk(t + 999_000_000L)).isFalse();
    assertThat(outage.mayAsk(t + 1_000_000_000L)).isTrue();
    assertThat(outage.failed(t + 1_000_000_000L)).as("the same outage").isFalse();
    assertThat(outage.mayAsk(t + 2_500_000_000L)).as("2 s after the second failure").isFalse();
    assertThat(outage.answered()).as("ends the outage").isTrue();
    assertThat(outage.answered()).isFalse();
    assertThat(outage.mayAsk(t + 2_500_000_000L)).isTrue();
  }

  /** Pending or grace 0 cancels now, running gets TERM first, ended or unknown needs nothing. */
  @Test
  void stopPlanFollowsTheKubelet() {
    assertThat(StopPlan.of(null, 30)).isEqualTo(StopPlan.NOTHING);
    assertThat(StopPlan.of(job(UID_A, SlurmJobState.PENDING), 30)).isEqualTo(StopPlan.CANCEL_NOW);
    assertThat(StopPlan.of(job(UID_A, SlurmJobState.RUNNING), 0)).isEqualTo(StopPlan.CANCEL_NOW);
    assertThat(StopPlan.of(job(UID_A, SlurmJobState.RUNNING), 30))
        .isEqualTo(StopPlan.TERM_THEN_CANCEL);
    assertThat(StopPlan.of(job(UID_A, SlurmJobState.COMPLETED), 30)).isEqualTo(StopPlan.NOTHING);
    PodJob stopping = job(UID_A, SlurmJobState.RUNNING);
    stopping.killTimer = 5;
    assertThat(StopPlan.of(stopping, 30)).isEqualTo(StopPlan.ALREADY_STOPPING);
  }

  /** Only active jobs of pods not in the live set are orphans; other users' comments are not. */
  @Test
  void orphansAreActiveJobsOfGonePods() {
    AdoptableJobs adoptable = new AdoptableJobs();
    adoptable.learn(
        List.of(
            new QueuedJob("7", OWNER.comment(UID_A), SlurmJobState.RUNNING, "", "None"),
            new QueuedJob("8", OWNER.comment(UID_B), SlurmJobState.COMPLETED, "", "None"),
            new QueuedJob("9", "not-a-pod", SlurmJobState.RUNNING, "", "None")));
    PodJob tracked = job("33333333-3333-3333-3333-333333333333", SlurmJobState.RUNNING);

    assertThat(adoptable.orphans(OWNER, List.of(tracked), Set.of(UID_B)))
        .containsExactlyInAnyOrder(
            new CancelledJob(UID_A, "7"), new CancelledJob(tracked.pod.uid(), tracked.jobId));
    assertThat(adoptable.take(OWNER, UID_A)).as("forgotten once reconciled").isEmpty();
  }

  /** When one pod has several jobs in the queue (a requeue, a resubmission) the newest is its. */
  @Test
  void theNewestJobOfAPodIsAdopted() {
    AdoptableJobs adoptable = new AdoptableJobs();
    adoptable.learn(
        List.of(
            new QueuedJob("12", OWNER.comment(UID_A), SlurmJobState.RUNNING, "", "None"),
            new QueuedJob("9", OWNER.comment(UID_A), SlurmJobState.CANCELLED, "", "None")));

    assertThat(adoptable.take(OWNER, UID_A))
        .hasValueSatisfying(j -> assertThat(j.jobId()).isEqualTo("12"));
  }

  /** squeue's "None" is no reason; a pending reason becomes the pod's message. */
  @Test
  void observationsBecomeReports() {
    PodJob job = job(UID_A, SlurmJobState.PENDING);
    JobObservation pending =
        JobObservation.of(
            new QueuedJob(job.jobId, UID_A, SlurmJobState.PENDING, "", "Resources"),
            List.of(),
            "",
            "");
    JobObservation gone = JobObservation.of(null, List.of(), "", "");

    JobObservation scheduled =
        JobObservation.of(
            new QueuedJob(
                job.jobId, UID_A, SlurmJobState.PENDING, "2026-12-04T19:00:00", "Resources"),
            List.of(),
            "",
            "");

    assertThat(pending.report(job).message()).isEqualTo("Slurm job 42 is pending: Resources");
    assertThat(scheduled.report(job).message())
        .isEqualTo(
            "Slurm job 42 is pending: Resources; Slurm expects it to start at 2026-12-04T19:00:00");
    assertThat(gone.state()).isEqualTo(SlurmJobState.GONE);
    assertThat(
            JobObservation.of(
                    new QueuedJob("42", UID_A, SlurmJobState.RUNNING, "", "None"),
                    List.of(),
                    "",
                    "c1")
                .reason())
        .isEmpty();
  }

  /** Gone stands only on the second answer in a row without the job; any other state at once. */
  @Test
  void goneNeedsTwoAnswers() {
    JobObservation gone = JobObservation.of(null, List.of(), "", "");
    JobObservation running = new JobObservation(SlurmJobState.RUNNING, "", "", List.of(), "", "");

    assertThat(gone.confirmed(1)).isFalse();
    assertThat(gone.confirmed(2)).isTrue();
    assertThat(running.confirmed(0)).isTrue();
  }

  /** Each container run is announced once: a restart is a new run. */
  @Test
  void startedRunsAreAnnouncedOnce() {
    ContainerStateFile first =
        ContainerStateFile.parse("{\"name\":\"c\",\"state\":\"running\",\"restartCount\":0}")
            .orElseThrow();
    ContainerStateFile restarted =
        ContainerStateFile.parse("{\"name\":\"c\",\"state\":\"running\",\"restartCount\":1}")
            .orElseThrow();
    JobObservation seen = new JobObservation(SlurmJobState.RUNNING, "", "", List.of(first), "", "");

    assertThat(seen.newRuns(Set.of())).containsExactly("c#0");
    assertThat(seen.newRuns(Set.of("c#0"))).isEmpty();
    assertThat(
            new JobObservation(SlurmJobState.RUNNING, "", "", List.of(restarted), "", "")
                .newRuns(Set.of("c#0")))
        .containsExactly("c#1");
  }

  private static PodJob job(String uid, SlurmJobState state) {
    PodJob job =
        new PodJob(
            OWNER,
            new PodRef(uid, "default", "web"),
            PodDirectory.of(Path.of("/work"), "default", "web", uid),
            "42");
    job.state = state;
    return job;
  }
}
