package io.hpk.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.SlurmJobState;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedJobTest {

  @Test
  void parsesIdCommentStateAndReason() {
    List<QueuedJob> jobs =
        QueuedJob.parse(
            "12|3f2a-uid|PENDING|Resources\n13|(null)|COMPLETED|None\n\n14||RUNNING|None|x\n");

    assertThat(jobs)
        .containsExactly(
            new QueuedJob("12", "3f2a-uid", SlurmJobState.PENDING, "Resources"),
            new QueuedJob("13", "(null)", SlurmJobState.COMPLETED, "None"),
            new QueuedJob("14", "", SlurmJobState.RUNNING, "None|x"));
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
