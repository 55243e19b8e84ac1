package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The files that start one ephemeral container in a pod's running job: its secret environment
 * values and, last, {@code ephemeral/<name>.sh}, which the job's loop (hpk_ephemeral_loop) sources
 * once and runs like an app container that is never restarted, in the pod's sandbox. The functions
 * are {@link ContainerLaunch}'s, numbered after the pod's other containers.
 */
public final class EphemeralContainerLaunch {

  private EphemeralContainerLaunch() {}

  /**
   * @throws PodSpecException when the container cannot run in this pod's job
   */
  public static List<PlannedFile> render(
      Pod pod, String name, PodDirectory paths, PodResources resources, JobSettings settings) {
    try {
      return plan(pod, name, paths, resources, settings);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new PodSpecException(
          "CreateContainerConfigError", "ephemeral container " + name + ": " + e.getMessage());
    }
  }

  private static List<PlannedFile> plan(
      Pod pod, String name, PodDirectory paths, PodResources resources, JobSettings settings) {
    KubernetesNames.dnsLabel(name, "ephemeral container name");
    if (PodContainers.all(pod).stream().anyMatch(c -> name.equals(c.getName()))) {
      throw new PodSpecException(
          "InvalidPodSpec", "ephemeral container " + name + " has the name of another container");
    }
    int position = position(pod, name);
    String field = "spec.ephemeralContainers[" + position + "]";
    Container container =
        EphemeralContainers.asContainer(EphemeralContainers.of(pod).get(position));
    boolean ownNetwork = PodJobScript.ownNetwork(pod, settings);
    checkSandbox(pod, container, field, ownNetwork);
    DownwardApi downwardApi = new DownwardApi(pod, JobResources.of(pod.getSpec()));
    VolumePlan volumes = VolumePlan.of(pod, paths, resources, settings, downwardApi);
    ContainerEnv env = ContainerEnv.of(container, field, resources, downwardApi);
    int index = PodContainers.all(pod).size() + position;
    String script =
        "# shellcheck shell=bash\n"
            + "# HPK ephemeral container "
            + name
            + " of pod "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " (generated)\n"
            + "# shellcheck disable=SC2034 # read by hpk_ephemeral_loop, which sources this file\n"
            + "hpk_ephemeral_index="
            + index
            + "\n"
            + ContainerLaunch.render(
                index, container, field, env, volumes, pod, settings, ownNetwork);
    List<PlannedFile> files = new ArrayList<>();
    env.secrets()
        .forEach(secret -> files.add(new PlannedFile(secret.file(name), secret.value(), 0600)));
    files.add(
        new PlannedFile(
            PodDirectory.RELATIVE.ephemeralLaunch(name).toString(),
            script.getBytes(StandardCharsets.UTF_8),
            0600));
    return files;
  }

  private static int position(Pod pod, String name) {
    List<String> names = EphemeralContainers.of(pod).stream().map(e -> e.getName()).toList();
    int position = names.indexOf(name);
    if (position < 0) {
      throw new PodSpecException(
          "InvalidPodSpec", "spec.ephemeralContainers has no container named " + name);
    }
    return position;
  }

  /**
   * The sandbox was made for the pod's own containers when its job started: a user namespace only
   * when one of them runs as another user or mounts a subPath. An ephemeral container that needs
   * what the sandbox lacks is refused rather than run differently from its spec.
   */
  private static void checkSandbox(Pod pod, Container container, String field, boolean ownNetwork) {
    String mode = PodJobScript.sandboxMode(pod, ownNetwork);
    String security =
        ContainerLaunch.security(
            pod.getSpec().getSecurityContext(), container.getSecurityContext());
    if (!security.isEmpty() && mode.isEmpty()) {
      throw new PodSpecException(
          "CreateContainerConfigError",
          field
              + ".securityContext runs as another user, which needs a user namespace this pod's"
              + " job did not start");
    }
    if (ContainerLaunch.mountsSubPath(container) && !ContainerLaunch.mountsSubPaths(pod)) {
      throw new PodSpecException(
          "CreateContainerConfigError",
          field + ".volumeMounts: a subPath needs a mount namespace this pod's job did not start");
    }
  }
}
