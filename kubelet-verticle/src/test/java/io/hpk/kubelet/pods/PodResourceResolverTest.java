package io.hpk.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodResourceResolverTest {

  /**
   * Every place a pod can name a ConfigMap or a Secret is found, in the order the spec names it.
   */
  @Test
  void findsConfigMapsAndSecretsInVolumesEnvAndEnvFrom() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .addNewImagePullSecret("pull")
            .addNewVolume()
            .withName("cfg")
            .withNewConfigMap()
            .withName("cm-volume")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("sec")
            .withNewSecret()
            .withSecretName("secret-volume")
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("both")
            .withNewProjected()
            .addNewSource()
            .withNewConfigMap()
            .withName("cm-projected")
            .endConfigMap()
            .endSource()
            .addNewSource()
            .withNewSecret()
            .withName("secret-projected")
            .endSecret()
            .endSource()
            .endProjected()
            .endVolume()
            .withInitContainers(
                new ContainerBuilder()
                    .withName("init")
                    .addNewEnvFrom()
                    .withNewSecretRef()
                    .withName("secret-env-from")
                    .endSecretRef()
                    .endEnvFrom()
                    .build())
            .withContainers(
                new ContainerBuilder()
                    .withName("main")
                    .addNewEnv()
                    .withName("A")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef()
                    .withName("cm-env")
                    .withKey("a")
                    .endConfigMapKeyRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("B")
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName("secret-env")
                    .withKey("b")
                    .endSecretKeyRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewEnvFrom()
                    .withNewConfigMapRef()
                    .withName("cm-env-from")
                    .endConfigMapRef()
                    .endEnvFrom()
                    .addNewEnvFrom()
                    .withNewConfigMapRef()
                    .withName("cm-volume")
                    .endConfigMapRef()
                    .endEnvFrom()
                    .build())
            .endSpec()
            .build();

    PodResourceResolver.References refs = PodResourceResolver.References.of(pod);

    assertThat(refs.configMaps())
        .containsExactly("cm-volume", "cm-projected", "cm-env", "cm-env-from");
    assertThat(refs.secrets())
        .containsExactly(
            "pull", "secret-volume", "secret-projected", "secret-env-from", "secret-env");
  }
}
