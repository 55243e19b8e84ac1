package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the configMap, secret and projected volumes of running pods up to date, as a kubelet does:
 * when a ConfigMap or Secret a running pod holds changes (the informers say so), and besides at
 * most every {@link #INTERVAL_MS} per pod, its ConfigMaps and Secrets are read again (from the
 * informers) and, when they differ from what was last handed over, the bridge replaces the changed
 * files. Event-loop confined; the reads run on the worker pool.
 */
final class VolumeRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(VolumeRefresher.class);
  static final long INTERVAL_MS = 20_000;

  private final Vertx vertx;
  private final WorkerPool workers;
  private final PodResourceResolver resolver;

  /** When each pod was last read, by UID. */
  private final Map<String, Long> lastRead = new HashMap<>();

  /** The fingerprint of what the bridge has, by UID. */
  private final Map<String, Integer> handedOver = new HashMap<>();

  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> again = new HashSet<>();

  VolumeRefresher(Vertx vertx, WorkerPool workers, PodResourceResolver resolver) {
    this.vertx = vertx;
    this.workers = workers;
    this.resolver = resolver;
  }

  /** A pod whose job runs was seen (informer update or resync): a check now and then. */
  void seen(Pod pod, JobOwner owner) {
    Long last = lastRead.get(pod.getMetadata().getUid());
    if (last == null || System.nanoTime() / 1_000_000 - last >= INTERVAL_MS) {
      refresh(pod, owner);
    }
  }

  /** A ConfigMap or Secret the running pod uses changed: its files are brought up to date now. */
  void changed(Pod pod, JobOwner owner) {
    if (inFlight.contains(pod.getMetadata().getUid())) {
      // The read under way may have missed the change: once it is done, look again.
      again.add(pod.getMetadata().getUid());
      return;
    }
    refresh(pod, owner);
  }

  private void refresh(Pod pod, JobOwner owner) {
    String uid = pod.getMetadata().getUid();
    long now = System.nanoTime() / 1_000_000;
    if (!hasConfigOrSecretVolumes(pod) || inFlight.contains(uid)) {
      return;
    }
    lastRead.put(uid, now);
    inFlight.add(uid);
    PodRef ref = PodRef.of(pod);
    workers
        .run(() -> resolver.configAndSecrets(pod, owner))
        .compose(
            request -> {
              int fingerprint = fingerprint(request);
              Integer before = handedOver.get(uid);
              if (before != null && before == fingerprint) {
                return io.vertx.core.Future.succeededFuture();
              }
              return vertx
                  .eventBus()
                  .<JsonObject>request(
                      Addresses.POD_FILES,
                      request.toJson(),
                      new DeliveryOptions().setSendTimeout(30_000))
                  .onSuccess(
                      reply -> {
                        handedOver.put(uid, fingerprint);
                        int changed = reply.body().getInteger("changed", 0);
                        if (changed > 0) {
                          LOG.info("[{}] {} volume file(s) updated", ref, changed);
                        }
                      })
                  .mapEmpty();
            })
        .onFailure(
            e ->
                LOG.debug(
                    "[{}] volumes not refreshed: {}",
                    ref,
                    BusFailure.describe(Addresses.POD_FILES, e)))
        .onComplete(
            done -> {
              inFlight.remove(uid);
              if (again.remove(uid)) {
                refresh(pod, owner);
              }
            });
  }

  void forget(String uid) {
    lastRead.remove(uid);
    handedOver.remove(uid);
    again.remove(uid);
  }

  /** Secrets hold bytes, which hash by identity: their content is hashed instead. */
  private static int fingerprint(PodRunRequest request) {
    int secrets = 1;
    for (var secret : request.secrets().entrySet()) {
      for (var key : secret.getValue().entrySet()) {
        secrets =
            31 * secrets
                + (secret.getKey() + "/" + key.getKey()).hashCode()
                + java.util.Arrays.hashCode(key.getValue());
      }
    }
    return 31 * request.configMaps().hashCode() + secrets;
  }

  static boolean hasConfigOrSecretVolumes(Pod pod) {
    return !volumeObjects(pod).isEmpty();
  }

  /** Whether a volume of the pod holds the ConfigMap or Secret of that name. */
  static boolean uses(Pod pod, String name) {
    return volumeObjects(pod).contains(name);
  }

  /** The names of the ConfigMaps and Secrets the pod's volumes hold. */
  private static Set<String> volumeObjects(Pod pod) {
    Set<String> names = new HashSet<>();
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      if (volume.getConfigMap() != null) {
        names.add(volume.getConfigMap().getName());
      }
      if (volume.getSecret() != null) {
        names.add(volume.getSecret().getSecretName());
      }
      if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (source.getConfigMap() != null) {
            names.add(source.getConfigMap().getName());
          }
          if (source.getSecret() != null) {
            names.add(source.getSecret().getName());
          }
        }
      }
    }
    return names;
  }
}
