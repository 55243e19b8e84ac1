package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinfoNodesTest {

  @Test
  void sumsUsableNodesOnceAcrossPartitions() {
    String output =
        String.join(
            "\n",
            "n1|16|7800|(null)|idle",
            "n1|16|7800|(null)|idle",
            "n2|8|4000|gpu:2|mixed",
            "n3|8|4000|gpu:a100:4(S:0-1)|allocated",
            "n4|32|9000|(null)|down*",
            "n5|32|9000|(null)|idle+drain");

    SinfoNodes nodes = SinfoNodes.parse(output);

    assertThat(nodes.usableNodes()).isEqualTo(3);
    assertThat(nodes.cpus()).isEqualTo(32);
    assertThat(nodes.memoryMegabytes()).isEqualTo(15800);
    assertThat(nodes.gpus()).isEqualTo(6);
  }

  @Test
  void emptyOutputMeansNoCapacity() {
    assertThat(SinfoNodes.parse("")).isEqualTo(new SinfoNodes(0, 0, 0, 0));
  }

  @Test
  void gpuCountsComeFromEveryGpuGres() {
    assertThat(SinfoNodes.gpus("gpu:1,gpu:v100:2,shard:8")).isEqualTo(3);
    assertThat(SinfoNodes.gpus("(null)")).isZero();
  }

  @Test
  void versionsAreReadFromToolOutput() {
    assertThat(ToolVersions.parse("slurm 22.05.8\n")).isEqualTo("22.05.8");
    assertThat(ToolVersions.parse("apptainer version 1.4.5")).isEqualTo("1.4.5");
    assertThat(ToolVersions.parse("command not found")).isEmpty();
  }
}
