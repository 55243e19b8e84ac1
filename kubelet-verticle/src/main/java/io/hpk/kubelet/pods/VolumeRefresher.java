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
 * at most every {@link #INTERVAL_MS} per pod the ConfigMaps and Secrets it names are read again,
 * and when they differ from what was last handed over, the bridge replaces the changed files.
 * Event-loop confined; the reads run on the worker pool.
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

  VolumeRefresher(Vertx vertx, WorkerPool workers, PodResourceResolver resolver) {
    this.vertx = vertx;
    this.workers = workers;
    this.resolver = resolver;
  }

  /** A pod whose job runs was seen (informer update or resync). */
  void seen(Pod pod, JobOwner owner) {
    String uid = pod.getMetadata().getUid();
    long now = System.nanoTime() / 1_000_000;
    Long last = lastRead.get(uid);
    if (!hasConfigOrSecretVolumes(pod)
        || inFlight.contains(uid)
        || last != null && now - last < INTERVAL_MS) {
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
        .onComplete(done -> inFlight.remove(uid));
  }

  void forget(String uid) {
    lastRead.remove(uid);
    handedOver.remove(uid);
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
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      if (volume.getConfigMap() != null || volume.getSecret() != null) {
        return true;
      }
      if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (source.getConfigMap() != null || source.getSecret() != null) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
