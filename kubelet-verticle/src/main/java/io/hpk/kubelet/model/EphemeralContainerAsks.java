package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.pod.ContainerStateFile;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When the bridge is asked to start a running pod's ephemeral containers: at once for a name it was
 * not asked about yet, and again at most every {@link #RETRY_MS} while one has not started (its
 * image could not be pulled, say), as a kubelet backs off. Pure.
 */
public final class EphemeralContainerAsks {

  public static final long RETRY_MS = 30_000;

  private EphemeralContainerAsks() {}

  /** The pod's ephemeral containers with no state yet, or waiting because they could not start. */
  public static Set<String> unstarted(Pod pod, PodJobReport report) {
    Set<String> unstarted = new LinkedHashSet<>();
    List<EphemeralContainer> ephemeral =
        pod.getSpec() == null ? null : pod.getSpec().getEphemeralContainers();
    if (ephemeral == null) {
      return unstarted;
    }
    for (EphemeralContainer container : ephemeral) {
      boolean started =
          report.containers().stream()
              .filter(file -> file.name().equals(container.getName()))
              .anyMatch(file -> file.state() != ContainerStateFile.State.WAITING);
      if (!started) {
        unstarted.add(container.getName());
      }
    }
    return unstarted;
  }

  /**
   * @param asked the names the bridge was asked about before
   * @param sinceLastAskMs how long ago the bridge was last asked about this pod
   */
  public static boolean shouldAsk(Set<String> unstarted, Set<String> asked, long sinceLastAskMs) {
    if (unstarted.isEmpty()) {
      return false;
    }
    return !asked.containsAll(unstarted) || sinceLastAskMs >= RETRY_MS;
  }
}
