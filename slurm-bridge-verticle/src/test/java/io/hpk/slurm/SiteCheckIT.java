package io.hpk.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.lab.SlurmLab;
import io.hpk.slurm.site.SiteCheck;
import io.hpk.slurm.site.SiteRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start-up site check against the lab's real Slurm, as the HPC user, met and broken. */
@Timeout(300)
class SiteCheckIT {

  private static final String HELPER = "/usr/local/libexec/hpk/pod-network";
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @Test
  void theLabMeetsEveryRequirementOnAComputeNode() throws Exception {
    List<SiteRequirement> found = check("apptainer", HELPER);

    assertThat(found)
        .extracting(SiteRequirement::name)
        .containsExactly("slurm", "shared-work-dir", "apptainer", "user-namespace", "pod-network");
    assertThat(found).allSatisfy(r -> assertThat(r.met()).as(r.toString()).isTrue());
    assertThat(found.get(4).detail()).containsPattern("on c[0-9]+ the address 10\\.244\\.");
  }

  @Test
  void aMissingApptainerAndHelperAreNamedWithTheNode() throws Exception {
    List<SiteRequirement> found = check("/nonexistent/apptainer", "/nonexistent/pod-network");

    assertThat(found)
        .filteredOn(r -> !r.met())
        .extracting(SiteRequirement::name)
        .containsExactly("apptainer", "pod-network");
    assertThat(found)
        .filteredOn(r -> !r.met())
        .allSatisfy(r -> assertThat(r.detail()).containsPattern(" on c[0-9]+ "));
  }

  private static List<SiteRequirement> check(String apptainer, String helper) throws Exception {
    Path workDir = Files.createTempDirectory(SlurmLab.STATE, "site-check-it-");
    return new SiteCheck(
            new ProcessRunner(),
            new SiteCheck.Settings(workDir, apptainer, SlurmLab.NETWORK, helper),
            LIMIT)
        .run();
  }
}
