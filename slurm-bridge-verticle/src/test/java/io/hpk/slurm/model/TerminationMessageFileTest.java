package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

class TerminationMessageFileTest {

  /** A path outside /dev is bound, quoted; the policy is passed on. */
  @Test
  void aPathOutsideDevIsBound() {
    var container =
        new ContainerBuilder()
            .withName("main")
            .withTerminationMessagePath("/var/log/it's done")
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();

    assertThat(TerminationMessageFile.line(container, "spec.containers[0]"))
        .isEqualTo(
            "hpk_termination_file FallbackToLogsOnError '/var/log/it'\\''s done' || return 1");
  }

  /** The default /dev/termination-log cannot be bound under Apptainer: policy only. */
  @Test
  void theDefaultPathUnderDevGetsNoFile() {
    assertThat(TerminationMessageFile.line(new ContainerBuilder().withName("m").build(), "f"))
        .isEqualTo("hpk_termination_file File");
  }

  /** A path Apptainer's -B could misread is refused, naming the field. */
  @Test
  void aPathWithAColonIsRefused() {
    var container =
        new ContainerBuilder().withName("m").withTerminationMessagePath("/a:/b").build();

    assertThatThrownBy(() -> TerminationMessageFile.line(container, "spec.containers[0]"))
        .hasMessageContaining("spec.containers[0].terminationMessagePath");
  }
}
