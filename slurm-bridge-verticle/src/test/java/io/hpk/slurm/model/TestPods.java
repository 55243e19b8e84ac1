package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.JobOwner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Pods and settings shared by the model tests. */
final class TestPods {

  static final String IMAGE = "busybox:1.35";
  static final String SIF = "/images/busybox.sif";
  static final Path WORK = Path.of("/work/pods");
  static final JobOwner OWNER = new JobOwner("6f1c2d3e-0000-4000-8000-000000000001", "hpk-node");

  private TestPods() {}

  /**
   * Bash that starts a stand-in for the pod sandbox (a user and mount namespace) as {@code
   * $sandbox}, with {@code hpk_enter} entering it as the job script does, killed on exit.
   */
  static final String SANDBOX =
      """
      unshare --map-root-user --mount sleep infinity &
      sandbox=$!
      here=$(readlink /proc/self/ns/user)
      while [[ $(readlink /proc/$sandbox/ns/user) == "$here" ]]; do sleep 0.02; done
      hpk_enter=(nsenter --preserve-credentials --user --mount --wd \\
        --target "$sandbox" --)
      trap 'kill $sandbox' EXIT
      """;

  static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage(IMAGE).build();
  }

  static PodBuilder pod(Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("team-a")
        .withUid("0123abcd-4567-89ef-0123-456789abcdef")
        .endMetadata()
        .withNewSpec()
        .withNodeName("hpk-node")
        .withContainers(containers)
        .endSpec();
  }

  static JobSettings settings() {
    return settings("hpk-bridge");
  }

  static JobSettings settings(String network) {
    return new JobSettings(
        "apptainer",
        network,
        "/helper/pod-network",
        List.of(Path.of("/data")),
        Map.of(IMAGE, SIF),
        TestPods.OWNER);
  }

  static JobPlan render(Pod pod) {
    return PodJobScript.render(pod, PodDirectories.of(WORK, pod), PodResources.none(), settings());
  }

  /** The launch files of the pod's named ephemeral container. */
  static List<PlannedFile> renderEphemeral(
      Pod pod, String name, PodResources resources, JobSettings settings) {
    return EphemeralContainerLaunch.render(
        pod, name, PodDirectories.of(WORK, pod), resources, settings);
  }

  static JobPlan render(Pod pod, PodResources resources) {
    return PodJobScript.render(pod, PodDirectories.of(WORK, pod), resources, settings());
  }
}
