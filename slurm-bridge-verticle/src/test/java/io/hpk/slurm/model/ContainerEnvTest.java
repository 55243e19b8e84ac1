package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {

  private static final PodResources RESOURCES =
      new PodResources(
          Map.of("cfg", Map.of("greeting", "hi", "bad-name", "x", "LEVEL", "debug")),
          Map.of("sec", Map.of("password", "p'w".getBytes(StandardCharsets.UTF_8))),
          Map.of(),
          Map.of(),
          Map.of());

  private static ContainerEnv env(Container container) {
    return env(container, RESOURCES);
  }

  private static ContainerEnv env(Container container, PodResources resources) {
    Pod pod = TestPods.pod(container).build();
    pod.getMetadata().setLabels(Map.of("app", "web"));
    return ContainerEnv.of(
        container,
        "spec.containers[0]",
        resources,
        new DownwardApi(pod, new JobResources(2, 0, 0)));
  }

  private static Map<String, String> texts(ContainerEnv env) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    env.variables().forEach((name, value) -> texts.put(name, value.text()));
    return texts;
  }

  /** A container's own variables win over the service's; its values may refer to them. */
  @Test
  void serviceVariablesLieBeneathTheContainersOwn() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .addNewEnv()
            .withName("KUBERNETES_SERVICE_PORT")
            .withValue("443")
            .endEnv()
            .addNewEnv()
            .withName("API")
            .withValue("https://$(KUBERNETES_SERVICE_HOST)")
            .endEnv()
            .build();

    PodResources resources =
        new PodResources(
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of("KUBERNETES_SERVICE_HOST", "10.250.0.1", "KUBERNETES_SERVICE_PORT", "6443"));

    assertThat(texts(env(container, resources)))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.250.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "443")
        .containsEntry("API", "https://10.250.0.1");
  }

  @Test
  void envFromComesFirstWithPrefixAndSkipsInvalidNames() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .addNewEnvFrom()
            .withPrefix("CM_")
            .withNewConfigMapRef("cfg", false)
            .endEnvFrom()
            .addNewEnv()
            .withName("CM_LEVEL")
            .withValue("info")
            .endEnv()
            .build();

    assertThat(texts(env(container)))
        .containsExactly(Map.entry("CM_LEVEL", "info"), Map.entry("CM_greeting", "hi"));
  }

  @Test
  void valuesExpandOnlyEarlierVariablesAndRunTimeIpsStayVariables() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .addNewEnv()
            .withName("LATE_REF")
            .withValue("$(IP)-$(NAME)")
            .endEnv()
            .addNewEnv()
            .withName("IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['app']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("URL")
            .withValue("http://$(IP):80/$(NAME)/$$(IP)")
            .endEnv()
            .withArgs("--bind=$(IP)", "$(MISSING)")
            .build();

    ContainerEnv env = env(container);

    assertThat(texts(env))
        .containsEntry("LATE_REF", "$(IP)-$(NAME)")
        .containsEntry("URL", "http://${HPK_POD_IP}:80/web/$(IP)");
    assertThat(env.variables().get("URL").render())
        .isEqualTo("'http://'\"${HPK_POD_IP}\"':80/web/$(IP)'");
    assertThat(env.args().get(0).render()).isEqualTo("'--bind='\"${HPK_POD_IP}\"");
    assertThat(env.args().get(1).text()).isEqualTo("$(MISSING)");
  }

  /** A divisor of 0 is what the API server stores for none: it divides by 1, as a kubelet does. */
  @Test
  void keyRefsAndResourceFieldRefsResolve() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .withNewResources()
            .addToLimits("memory", new Quantity("1Gi"))
            .addToRequests("cpu", new Quantity("250m"))
            .endResources()
            .addNewEnv()
            .withName("PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef("password", "sec", false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("MEMORY_MI")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withDivisor(new Quantity("1Mi"))
            .withResource("limits.memory")
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("CPU")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withResource("requests.cpu")
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("MEMORY")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withDivisor(new Quantity("0"))
            .withResource("limits.memory")
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("OPTIONAL")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("nope", "cfg", true)
            .endValueFrom()
            .endEnv()
            .build();

    ContainerEnv env = env(container);
    // The secret's value is read from its file when the container starts, not written here.
    assertThat(texts(env))
        .containsExactly(
            Map.entry("PASSWORD", "${hpk_secret_0}"),
            Map.entry("MEMORY_MI", "1024"),
            Map.entry("CPU", "1"),
            Map.entry("MEMORY", "1073741824"));
    assertThat(env.secrets())
        .singleElement()
        .satisfies(
            secret -> {
              assertThat(new String(secret.value(), java.nio.charset.StandardCharsets.UTF_8))
                  .isEqualTo("p'w");
              assertThat(secret.file("c")).isEqualTo("env-secrets/c/hpk_secret_0");
            });
  }

  @Test
  void missingRequiredKeyIsCreateContainerConfigError() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("absent", "cfg", null)
            .endValueFrom()
            .endEnv()
            .build();

    assertThatThrownBy(() -> env(container))
        .isInstanceOfSatisfying(
            PodSpecException.class,
            e -> assertThat(e.reason()).isEqualTo("CreateContainerConfigError"))
        .hasMessageContaining("spec.containers[0].env[0]")
        .hasMessageContaining("absent");
  }

  @Test
  void namesApptainerCannotPassAreRejected() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .addNewEnv()
            .withName("my.var")
            .withValue("1")
            .endEnv()
            .build();

    assertThatThrownBy(() -> env(container))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("my.var");
  }
}
