package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Pods that between them reach every kind of generated line of a job script. */
final class RepresentativePods {

  static final PodResources RESOURCES =
      new PodResources(
          Map.of("cfg", Map.of("a.conf", "A")),
          Map.of("sec", Map.of("key", "K".getBytes(StandardCharsets.UTF_8))),
          Map.of(),
          Map.of(),
          Map.of("KUBERNETES_SERVICE_HOST", "10.250.0.1"));

  private RepresentativePods() {}

  /** Name → pod: plain, with probes, with init containers, with volumes and env, host network. */
  static Map<String, Pod> all() {
    return Map.of(
        "plain", TestPods.pod(TestPods.container("c")).build(),
        "probes", TestPods.pod(probed()).build(),
        "hooks", TestPods.pod(hooked()).build(),
        "init", initContainers(),
        "volumes-env", volumesAndEnv(),
        "host-network",
            TestPods.pod(TestPods.container("c"))
                .editSpec()
                .withHostNetwork(true)
                .withDnsPolicy("Default")
                .endSpec()
                .build());
  }

  private static Container hooked() {
    return new ContainerBuilder(TestPods.container("c"))
        .withNewLifecycle()
        .withNewPostStart()
        .withNewExec()
        .withCommand("sh", "-c", "echo it's up > /tmp/up")
        .endExec()
        .endPostStart()
        .withNewPreStop()
        .withNewHttpGet()
        .withPort(new IntOrString(8080))
        .withPath("/bye")
        .endHttpGet()
        .endPreStop()
        .endLifecycle()
        .build();
  }

  private static Container probed() {
    return new ContainerBuilder(TestPods.container("c"))
        .addNewPort()
        .withName("web")
        .withContainerPort(8080)
        .endPort()
        .withStartupProbe(
            new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString(8080))
                .endTcpSocket()
                .build())
        .withLivenessProbe(
            new ProbeBuilder()
                .withNewExec()
                .withCommand("cat", "/tmp/it's alive")
                .endExec()
                .build())
        .withReadinessProbe(
            new ProbeBuilder()
                .withNewHttpGet()
                .withPort(new IntOrString("web"))
                .withPath("/ready")
                .addNewHttpHeader("X-Probe", "yes")
                .endHttpGet()
                .build())
        .build();
  }

  private static Pod initContainers() {
    return TestPods.pod(TestPods.container("app"), TestPods.container("sidecar"))
        .editSpec()
        .withInitContainers(
            new ContainerBuilder(TestPods.container("setup"))
                .withCommand("sh", "-c", "true")
                .build())
        .withRestartPolicy("OnFailure")
        .endSpec()
        .build();
  }

  private static Pod volumesAndEnv() {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .withCommand("printf", "%s $(GREETING)")
            .withArgs("$(POD_NAME)")
            .withWorkingDir("/work")
            .withStdin(true)
            .withNewSecurityContext()
            .withRunAsUser(1000L)
            .endSecurityContext()
            .addNewEnv()
            .withName("GREETING")
            .withValue("it's \"$HOME\"")
            .endEnv()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("scratch")
            .withMountPath("/scratch")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/app/a.conf")
            .withSubPath("a.conf")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("secret")
            .withMountPath("/secret")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("data")
            .withMountPath("/data")
            .withReadOnly(true)
            .endVolumeMount()
            .build();
    return TestPods.pod(container)
        .editSpec()
        .addNewVolume()
        .withName("scratch")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("cfg")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("secret")
        .withNewSecret()
        .withSecretName("sec")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewHostPath("/data/set", "Directory")
        .endVolume()
        .withNewDnsConfig()
        .withNameservers("192.0.2.53")
        .withSearches("lab.test")
        .endDnsConfig()
        .addNewHostAlias()
        .withIp("192.0.2.7")
        .withHostnames("db")
        .endHostAlias()
        .endSpec()
        .build();
  }
}
