package io.hpk.slurm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSampleTest {

  @Test
  void fieldsAreCountedAfterTheLastParenthesisSoOddCommandNamesDoNotShiftThem() {
    ProcessSample p =
        ProcessSample.parse(
            "4242 (sh) x (y)) S 4200 4242 7277 0 -1 4194304 99 0 0 0 150 30 7 3 20 0 1 0 218110 3133440 407");

    assertThat(p).isEqualTo(new ProcessSample(4242, 4200, 190, 218110));
  }

  @Test
  void aTreeSumsItsProcessesButNotItsSiblings() {
    ProcessTree tree =
        new ProcessTree(
            List.of(
                new ProcessSample(10, 1, 5, 0),
                new ProcessSample(11, 10, 100, 0),
                new ProcessSample(12, 11, 40, 0),
                new ProcessSample(13, 10, 1, 0),
                new ProcessSample(20, 1, 999, 0)));

    assertThat(ProcessTree.cpuTicks(tree.subtree(11))).isEqualTo(140);
    assertThat(ProcessTree.cpuTicks(tree.subtree(10))).isEqualTo(146);
    assertThat(tree.subtree(99)).isEmpty();
  }
}
