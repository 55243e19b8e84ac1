package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.SlurmPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinfoNodesTest {

  @Test
  void sumsUsableNodesOnceAcrossPartitions() {
    String output =
        String.join(
            "\n",
            "n1|16|7800|(null)|idle|batch|up|0/16/0/16",
            "n1|16|7800|(null)|idle|debug|up|0/16/0/16",
            "n2|8|4000|gpu:2|mixed|batch|up|6/2/0/8",
            "n3|8|4000|gpu:a100:4(S:0-1)|allocated|batch|up|8/0/0/8",
            "n4|32|9000|(null)|down*|batch|up|0/0/32/32",
            "n5|32|9000|(null)|idle+drain|debug|up|0/0/32/32");

    SinfoNodes nodes = SinfoNodes.parse(output);

    assertThat(nodes.usableNodes()).isEqualTo(3);
    assertThat(nodes.cpus()).isEqualTo(32);
    assertThat(nodes.memoryMegabytes()).isEqualTo(15800);
    assertThat(nodes.gpus()).isEqualTo(6);
    assertThat(nodes.partitions())
        .containsExactly(
            new SlurmPartition("batch", true, 18, 32, 6, 3, 4),
            new SlurmPartition("debug", true, 16, 16, 0, 1, 2));
    assertThat(nodes.partitions().get(0).describe())
        .isEqualTo("batch: 18 of 32 CPUs idle, 6 GPUs, 3 of 4 nodes usable");
  }

  @Test
  void emptyOutputMeansNoCapacity() {
    assertThat(SinfoNodes.parse("")).isEqualTo(new SinfoNodes(0, 0, 0, 0, List.of()));
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
