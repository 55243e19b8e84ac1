package io.hpk.kubelet.model;

import io.hpk.common.bus.ContainerUsage;
import io.hpk.common.bus.NodeUsage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodUsage;
import io.hpk.common.bus.UsageSnapshot;
import java.util.List;

/** A sample with one burning pod of two containers and one pod that has no real sample yet. */
final class UsageFixtures {

  static final long NOW = 1_796_000_000_123L;

  private UsageFixtures() {}

  static UsageSnapshot sample() {
    NodeUsage node =
        new NodeUsage(
            1_795_896_433_000L,
            2_673_020_000_000L,
            1_500_000_000L,
            1_300_000_000L,
            23_000_000_000L,
            3_500_000_000L);
    PodUsage burner =
        new PodUsage(
            new PodRef("uid-1", "default", "burner"),
            List.of(
                new ContainerUsage(
                    "main",
                    1_795_999_990_000L,
                    12_340_000_000L,
                    998_000_000L,
                    1_048_576L,
                    4_194_304L),
                new ContainerUsage(
                    "side", 1_795_999_991_000L, 10_000_000L, -1, 524_288L, 1_048_576L)));
    PodUsage starting =
        new PodUsage(
            new PodRef("uid-2", "default", "starting"),
            List.of(new ContainerUsage("main", 1_795_999_999_000L, 0, -1, 0, 0)));
    return new UsageSnapshot(NOW, node, List.of(burner, starting));
  }
}
