package io.hpk.slurm.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.slurm.cli.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check script run here with bash, as a job would run it on a node (no Slurm needed). */
class SiteCheckScriptTest {

  @TempDir Path temp;

  @Test
  void namesAMissingApptainerAndKeepsHostileSettingsQuoted() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("it's a $(dir)"));
    Path script = dir.resolve("check.sh");
    Files.writeString(
        script, SiteCheckScript.render(dir, "/nonexistent/apptainer;touch pwned", "", "/x"));

    ProcessRunner.Result run =
        new ProcessRunner().run(List.of("bash", script.toString()), Duration.ofSeconds(30));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<SiteRequirement> found = SiteRequirement.parse(Files.readString(dir.resolve("result")));
    assertThat(found).extracting(SiteRequirement::name).contains("shared-work-dir", "apptainer");
    assertThat(found)
        .filteredOn(r -> r.name().equals("apptainer"))
        .singleElement()
        .satisfies(r -> assertThat(r.met()).isFalse())
        .satisfies(r -> assertThat(r.detail()).contains("/nonexistent/apptainer;touch pwned"));
    assertThat(found).extracting(SiteRequirement::name).doesNotContain("pod-network");
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(temp.resolve("pwned")).doesNotExist();
  }
}
