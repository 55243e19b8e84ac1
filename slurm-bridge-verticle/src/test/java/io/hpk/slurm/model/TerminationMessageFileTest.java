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

    assertThat(TerminationMessageFile.line(container, "spec.containers[0]", false))
        .isEqualTo(
            "hpk_termination_file FallbackToLogsOnError '/var/log/it'\\''s done' || return 1");
  }

  /** The default /dev/termination-log is the sandbox's link; without a sandbox, policy only. */
  @Test
  void aPathDirectlyUnderDevNeedsTheSandbox() {
    var container = new ContainerBuilder().withName("m").build();

    assertThat(TerminationMessageFile.line(container, "f", true))
        .isEqualTo("hpk_termination_file File '/dev/termination-log' || return 1");
    assertThat(TerminationMessageFile.line(container, "f", false))
        .isEqualTo("hpk_termination_file File");
  }

  /** A path deeper under /dev has no link: policy only. */
  @Test
  void aPathDeeperUnderDevGetsNoFile() {
    var container =
        new ContainerBuilder().withName("m").withTerminationMessagePath("/dev/x/log").build();

    assertThat(TerminationMessageFile.line(container, "f", true))
        .isEqualTo("hpk_termination_file File");
  }

  /** The sandbox links each name directly under /dev once, for init and app containers alike. */
  @Test
  void theSandboxLinksEachNameUnderDevOnce() {
    var pod =
        TestPods.pod(
                new ContainerBuilder().withName("a").build(),
                new ContainerBuilder()
                    .withName("b")
                    .withTerminationMessagePath("/dev/termination-custom-log")
                    .build(),
                new ContainerBuilder().withName("c").withTerminationMessagePath("/var/t").build(),
                new ContainerBuilder().withName("d").withTerminationMessagePath("/dev/x/y").build())
            .editSpec()
            .addNewInitContainer()
            .withName("i")
            .withTerminationMessagePath("/dev/termination-log")
            .endInitContainer()
            .endSpec()
            .build();

    assertThat(TerminationMessageFile.devNames(pod))
        .containsExactly("termination-log", "termination-custom-log");
  }

  /** A path Apptainer's -B could misread is refused, naming the field. */
  @Test
  void aPathWithAColonIsRefused() {
    var container =
        new ContainerBuilder().withName("m").withTerminationMessagePath("/a:/b").build();

    assertThatThrownBy(() -> TerminationMessageFile.line(container, "spec.containers[0]", true))
        .hasMessageContaining("spec.containers[0].terminationMessagePath");
  }
}
