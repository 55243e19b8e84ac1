package io.hpk.slurm.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

  @Test
  void dockerConfigJsonWithAuthFieldMatchesTheImagesRegistry() {
    String auth =
        Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> secret =
        Map.of(
            ".dockerconfigjson",
            ("{\"auths\":{\"registry.example.org:5000\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(
            RegistryCredentials.find(
                List.of(secret), ImageReference.of("registry.example.org:5000/team/app:1")))
        .contains(new RegistryCredentials("alice", "pa:ss"));
    assertThat(RegistryCredentials.find(List.of(secret), ImageReference.of("other.org/app:1")))
        .isEmpty();
  }

  @Test
  void dockerHubImagesMatchTheIndexEntry() {
    Map<String, byte[]> secret =
        Map.of(
            ".dockerconfigjson",
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"bob\",\"password\":\"x\"}}}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(RegistryCredentials.find(List.of(secret), ImageReference.of("busybox:1.36")))
        .contains(new RegistryCredentials("bob", "x"));
  }

  @Test
  void garbageSecretsAreIgnoredAndPasswordsNotPrinted() {
    Map<String, byte[]> broken =
        Map.of(".dockerconfigjson", "not json".getBytes(StandardCharsets.UTF_8));

    assertThat(RegistryCredentials.find(List.of(broken), ImageReference.of("localhost:5000/a:1")))
        .isEmpty();
    assertThat(new RegistryCredentials("u", "secret").toString()).doesNotContain("secret");
    assertThat(new RegistryCredentials("u", "p").environment())
        .containsEntry("APPTAINER_DOCKER_USERNAME", "u");
  }

  @Test
  void imageReferencesRefuseShellAndDefaultPullPolicyFollowsKubernetes() {
    assertThat(ImageReference.of("localhost:5000/busybox:1.35").defaultPullPolicy())
        .isEqualTo("IfNotPresent");
    assertThat(ImageReference.of("busybox").defaultPullPolicy()).isEqualTo("Always");
    assertThat(ImageReference.of("busybox:latest").defaultPullPolicy()).isEqualTo("Always");
    assertThat(ImageReference.of("busybox").pullSource()).isEqualTo("docker://busybox");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageReference.of("busybox; rm -rf /"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
