package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** A pod's init containers followed by its app containers. */
public final class PodContainers {

  private PodContainers() {}

  static List<Container> init(Pod pod) {
    List<Container> init = pod.getSpec().getInitContainers();
    return init == null ? List.of() : init;
  }

  static List<Container> apps(Pod pod) {
    List<Container> apps = pod.getSpec().getContainers();
    return apps == null ? List.of() : apps;
  }

  /** Init containers first, in order, then the app containers. */
  public static List<Container> all(Pod pod) {
    List<Container> all = new ArrayList<>(init(pod));
    all.addAll(apps(pod));
    return all;
  }
}
