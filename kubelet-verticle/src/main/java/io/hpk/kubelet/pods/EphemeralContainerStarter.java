package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.kubelet.model.EphemeralContainerAsks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the bridge to start the ephemeral containers ({@code kubectl debug}) that a running pod's
 * spec gained, with the pod's ConfigMaps and Secrets resolved as for its other containers. The
 * bridge starts each at most once; the pod directory's state files say how it went. Event-loop
 * confined.
 */
final class EphemeralContainerStarter {

  private static final Logger LOG = LoggerFactory.getLogger(EphemeralContainerStarter.class);
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  private final ResolvedPodSender sender;

  /** The names the bridge was asked about, by UID. */
  private final Map<String, Set<String>> asked = new HashMap<>();

  /** When the bridge was last asked about each pod (ms), by UID. */
  private final Map<String, Long> lastAsked = new HashMap<>();

  private final Set<String> inFlight = new HashSet<>();

  EphemeralContainerStarter(ResolvedPodSender sender) {
    this.sender = sender;
  }

  /** A pod whose job runs was seen, with its last report. */
  void seen(Pod pod, PodJobReport report, JobOwner owner) {
    String uid = pod.getMetadata().getUid();
    Set<String> unstarted = EphemeralContainerAsks.unstarted(pod, report);
    long now = System.nanoTime() / 1_000_000;
    long since = now - lastAsked.getOrDefault(uid, Long.MIN_VALUE / 2);
    if (inFlight.contains(uid)
        || !EphemeralContainerAsks.shouldAsk(unstarted, asked.getOrDefault(uid, Set.of()), since)) {
      return;
    }
    inFlight.add(uid);
    lastAsked.put(uid, now);
    asked.computeIfAbsent(uid, u -> new HashSet<>()).addAll(unstarted);
    PodRef ref = PodRef.of(pod);
    LOG.info("[{}] starting ephemeral container(s) {}", ref, unstarted);
    sender
        .send(Addresses.POD_EPHEMERAL, pod, owner, REQUEST_TIMEOUT_MS)
        .onFailure(
            e ->
                LOG.warn(
                    "[{}] ephemeral containers not handed to the Slurm bridge: {}",
                    ref,
                    BusFailure.describe(Addresses.POD_EPHEMERAL, e)))
        .onComplete(done -> inFlight.remove(uid));
  }

  void forget(String uid) {
    asked.remove(uid);
    lastAsked.remove(uid);
    inFlight.remove(uid);
  }
}
