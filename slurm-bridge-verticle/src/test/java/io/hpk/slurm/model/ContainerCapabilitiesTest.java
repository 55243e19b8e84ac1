package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerCapabilitiesTest {

  /** Root keeps a runtime's default set: NET_ADMIN and SYS_ADMIN go, CHOWN and KILL stay. */
  @Test
  void aContainerKeepsTheRuntimesDefaultSet() {
    List<String> dropped = dropped(new ContainerBuilder().withName("c").build());

    assertThat(dropped).contains("CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_SYS_PTRACE");
    assertThat(dropped).doesNotContainAnyElementsOf(ContainerCapabilities.DEFAULT);
    assertThat(dropped).hasSize(ContainerCapabilities.ALL.size() - 14);
  }

  /** add and drop as containerd reads them: ALL first, then each named one, any case. */
  @Test
  void addAndDropFollowTheContainer() {
    Container netAdmin = withCapabilities(List.of("net_admin"), List.of("KILL"));
    Container onlyBind = withCapabilities(List.of("NET_BIND_SERVICE"), List.of("ALL"));

    assertThat(dropped(netAdmin)).doesNotContain("CAP_NET_ADMIN").contains("CAP_KILL");
    assertThat(dropped(onlyBind))
        .hasSize(ContainerCapabilities.ALL.size() - 1)
        .doesNotContain("CAP_NET_BIND_SERVICE");
  }

  /** A privileged container keeps every capability: no list at all. */
  @Test
  void aPrivilegedContainerKeepsThemAll() {
    Container privileged =
        new ContainerBuilder()
            .withName("c")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .build();

    assertThat(ContainerCapabilities.dropped(privileged)).isEmpty();
  }

  private static Container withCapabilities(List<String> add, List<String> drop) {
    return new ContainerBuilder()
        .withName("c")
        .withNewSecurityContext()
        .withNewCapabilities()
        .withAdd(add)
        .withDrop(drop)
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static List<String> dropped(Container container) {
    return Arrays.asList(ContainerCapabilities.dropped(container).split(","));
  }
}
