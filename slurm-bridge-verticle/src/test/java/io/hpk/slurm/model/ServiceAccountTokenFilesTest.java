package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAccountTokenFilesTest {

  private static final Pod POD =
      TestPods.pod(
              new ContainerBuilder(TestPods.container("c"))
                  .addNewVolumeMount()
                  .withName("token")
                  .withMountPath("/var/run/secrets/tokens")
                  .endVolumeMount()
                  .build())
          .editSpec()
          .addNewVolume()
          .withName("token")
          .withNewProjected()
          .withDefaultMode(0600)
          .addNewSource()
          .withNewServiceAccountToken()
          .withPath("sa/token")
          .withExpirationSeconds(600L)
          .endServiceAccountToken()
          .endSource()
          .endProjected()
          .endVolume()
          .endSpec()
          .build();

  /** A fresh token lands where the submitted one was, with the spec's mode. */
  @Test
  void freshTokenReplacesTheSubmittedFileWithTheSpecsMode() {
    JobPlan submitted = TestPods.render(POD, resources("first"));
    var fresh = ServiceAccountTokenFiles.of(POD, Map.of("token/sa/token", "second"));

    assertThat(fresh).hasSize(1);
    assertThat(fresh.get(0).relativePath())
        .isEqualTo("volumes/token/sa/token")
        .isEqualTo(submitted.files().get(0).relativePath());
    assertThat(fresh.get(0).mode()).isEqualTo(0600);
    assertThat(new String(fresh.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("second");
  }

  /**
   * The container binds the volume's directory, not the token file, so a file renamed into the
   * directory is what the container reads next.
   */
  @Test
  void containerBindsTheTokenVolumesDirectory() {
    assertThat(TestPods.render(POD, resources("first")).script())
        .contains(
            "hpk_binds+=(-B '/work/pods/team-a/web-0123abcd/volumes/token"
                + ":/var/run/secrets/tokens:ro')");
  }

  /** Keys the spec projects no token for are not written anywhere. */
  @Test
  void tokensTheSpecHasNoPlaceForAreLeftOut() {
    assertThat(ServiceAccountTokenFiles.of(POD, Map.of("other/../../job.sh", "x"))).isEmpty();
  }

  private static PodResources resources(String token) {
    return new PodResources(
        Map.of(), Map.of(), Map.of("token/sa/token", token), Map.of(), Map.of());
  }
}
