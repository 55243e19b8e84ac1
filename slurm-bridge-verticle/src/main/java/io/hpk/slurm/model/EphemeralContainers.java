package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * A pod's ephemeral containers ({@code kubectl debug}) as the containers the job runs. The API
 * server refuses ports, probes, lifecycle hooks and resources on them, so what is left is what
 * {@link ContainerLaunch} needs.
 */
public final class EphemeralContainers {

  private EphemeralContainers() {}

  public static List<EphemeralContainer> of(Pod pod) {
    List<EphemeralContainer> ephemeral =
        pod.getSpec() == null ? null : pod.getSpec().getEphemeralContainers();
    return ephemeral == null ? List.of() : ephemeral;
  }

  /** The named ephemeral container of the pod as a container. */
  public static Optional<Container> named(Pod pod, String name) {
    return of(pod).stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .map(EphemeralContainers::asContainer);
  }

  static Container asContainer(EphemeralContainer e) {
    return new ContainerBuilder()
        .withName(e.getName())
        .withImage(e.getImage())
        .withImagePullPolicy(e.getImagePullPolicy())
        .withCommand(e.getCommand())
        .withArgs(e.getArgs())
        .withWorkingDir(e.getWorkingDir())
        .withEnv(e.getEnv())
        .withEnvFrom(e.getEnvFrom())
        .withVolumeMounts(e.getVolumeMounts())
        .withSecurityContext(e.getSecurityContext())
        .withStdin(e.getStdin())
        .withStdinOnce(e.getStdinOnce())
        .withTty(e.getTty())
        .withTerminationMessagePath(e.getTerminationMessagePath())
        .withTerminationMessagePolicy(e.getTerminationMessagePolicy())
        .build();
  }
}
