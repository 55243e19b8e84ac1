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
}
