package io.hpk.slurm.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiteRequirementTest {

  @Test
  void readsOkAndMissingLinesAndSkipsTheRest() {
    String result =
        """
        ok shared-work-dir: c2 writes /w/.site-check
        missing pod-network: 'sudo -n /x add' fails for u on c2 (a: b): the site installs it
        garbage without a colon
        maybe apptainer: not a verdict
        """;

    assertThat(SiteRequirement.parse(result))
        .containsExactly(
            SiteRequirement.ok("shared-work-dir", "c2 writes /w/.site-check"),
            SiteRequirement.missing(
                "pod-network", "'sudo -n /x add' fails for u on c2 (a: b): the site installs it"));
  }

  @Test
  void printsAsTheJobWroteIt() {
    assertThat(SiteRequirement.missing("apptainer", "not found").toString())
        .isEqualTo("missing apptainer: not found");
  }
}
