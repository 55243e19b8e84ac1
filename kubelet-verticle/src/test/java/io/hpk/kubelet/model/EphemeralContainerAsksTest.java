package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.ContainerStateFile;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EphemeralContainerAsksTest {

  private static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("web")
          .withNamespace("default")
          .withUid("u-1")
          .endMetadata()
          .withNewSpec()
          .addNewContainer()
          .withName("main")
          .endContainer()
          .addNewEphemeralContainer()
          .withName("ran")
          .endEphemeralContainer()
          .addNewEphemeralContainer()
          .withName("stuck")
          .endEphemeralContainer()
          .addNewEphemeralContainer()
          .withName("new")
          .endEphemeralContainer()
          .endSpec()
          .build();

  private static ContainerStateFile file(String name, String state) {
    return ContainerStateFile.fromJson(new JsonObject().put("name", name).put("state", state));
  }

  /** Started (running or ended) ephemeral containers are done; waiting or unknown ones are not. */
  @Test
  void unstartedAreThoseWithoutStateOrStillWaiting() {
    PodJobReport report =
        new PodJobReport(
            new PodRef("u-1", "default", "web"),
            "7",
            SlurmJobState.RUNNING,
            "",
            "",
            "10.0.0.2",
            List.of(file("main", "running"), file("ran", "terminated"), file("stuck", "waiting")));

    assertThat(EphemeralContainerAsks.unstarted(POD, report)).containsExactly("stuck", "new");
  }

  /** A new name is asked for at once; names asked for before only after the retry interval. */
  @Test
  void askAtOnceForNewNamesAndBackOffForOldOnes() {
    assertThat(EphemeralContainerAsks.shouldAsk(Set.of("new"), Set.of("stuck"), 0)).isTrue();
    assertThat(EphemeralContainerAsks.shouldAsk(Set.of("stuck"), Set.of("stuck"), 1_000)).isFalse();
    assertThat(
            EphemeralContainerAsks.shouldAsk(
                Set.of("stuck"), Set.of("stuck"), EphemeralContainerAsks.RETRY_MS))
        .isTrue();
    assertThat(EphemeralContainerAsks.shouldAsk(Set.of(), Set.of(), Long.MAX_VALUE)).isFalse();
  }
}
