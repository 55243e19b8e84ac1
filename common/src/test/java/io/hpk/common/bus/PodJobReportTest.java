package io.hpk.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.pod.ContainerStateFile;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodJobReportTest {

  private static final PodRef POD = new PodRef("u-1", "default", "web");

  /** A report crosses the bus as JSON and arrives equal, container files included. */
  @Test
  void roundTripsThroughJson() {
    ContainerStateFile running =
        ContainerStateFile.fromJson(new JsonObject().put("name", "c").put("state", "running"));
    PodJobReport report =
        new PodJobReport(POD, "7", SlurmJobState.RUNNING, "", "", "10.0.0.2", List.of(running));

    assertThat(PodJobReport.fromJson(report.toJson())).isEqualTo(report);
    assertThat(report.toJson().getString("jobState")).isEqualTo("RUNNING");
  }

  /** Only Slurm's pending and running states keep a pod's job alive; HPK's own states end it. */
  @Test
  void endedFollowsTheJobState() {
    assertThat(report(SlurmJobState.PENDING).ended()).isFalse();
    assertThat(report(SlurmJobState.COMPLETING).ended()).isFalse();
    assertThat(report(SlurmJobState.COMPLETED).ended()).isTrue();
    assertThat(report(SlurmJobState.GONE).ended()).isTrue();
    assertThat(PodJobReport.rejected(POD, "InvalidImageName", "x").ended()).isTrue();
    assertThat(SlurmJobState.parse("SOMETHING_NEW")).isEqualTo(SlurmJobState.UNKNOWN);
    assertThat(SlurmJobState.parse("OUT_OF_MEMORY").active()).isFalse();
  }

  private static PodJobReport report(SlurmJobState state) {
    return new PodJobReport(POD, "7", state, "", "", "", List.of());
  }
}
