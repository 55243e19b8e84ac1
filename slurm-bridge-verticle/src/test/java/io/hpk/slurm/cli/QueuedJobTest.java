package io.hpk.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.SlurmJobState;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedJobTest {

  @Test
  void parsesIdCommentStateStartAndReason() {
    List<QueuedJob> jobs =
        QueuedJob.parse(
            "12|3f2a-uid|PENDING|2026-12-04T19:00:00|Resources\n"
                + "13|(null)|COMPLETED|N/A|None\n\n"
                + "14||RUNNING|2026-12-04T18:00:00|None|x\n"
                + "15|uid|PENDING|Priority\n");

    assertThat(jobs)
        .containsExactly(
            new QueuedJob(
                "12", "3f2a-uid", SlurmJobState.PENDING, "2026-12-04T19:00:00", "Resources"),
            new QueuedJob("13", "(null)", SlurmJobState.COMPLETED, "", "None"),
            new QueuedJob("14", "", SlurmJobState.RUNNING, "2026-12-04T18:00:00", "None|x"));
    assertThat(jobs.get(0).active()).isTrue();
    assertThat(jobs.get(1).active()).isFalse();
  }

  /** scancel of a job that has ended is no failure: there is nothing left to cancel. */
  @Test
  void scancelOfAnEndedJobIsNoFailure() {
    assertThat(
            ScancelAnswer.jobAlreadyEnded(
                "scancel: error: Kill job error on job id 12: Invalid job id specified"))
        .isTrue();
    assertThat(
            ScancelAnswer.jobAlreadyEnded(
                "scancel: error: Kill job error on job id 12: Job/step already completing or"
                    + " completed"))
        .isTrue();
    assertThat(
            ScancelAnswer.jobAlreadyEnded(
                "scancel: error: Kill job error on job id 12: Unable to contact slurm controller"))
        .isFalse();
  }
}
