package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodRef;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.images.ImageReference;
import io.hpk.slurm.images.RegistryCredentials;
import io.hpk.slurm.model.PodContainers;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Every image a pod needs, as SIF files, with the kubelet's Pulling/Pulled events. */
final class ImagePulls {

  private final ImageCache images;
  private final BridgeOutbox outbox;
  private final Set<String> localSchemes;

  ImagePulls(ImageCache images, BridgeOutbox outbox, Set<String> localSchemes) {
    this.images = images;
    this.outbox = outbox;
    this.localSchemes = localSchemes;
  }

  /** Image reference → SIF path; fails with a {@link PodRejection}. */
  Future<Map<String, String>> pull(Pod pod, Map<String, Map<String, byte[]>> secrets) {
    return pull(pod, PodContainers.all(pod), secrets);
  }

  /** The images of these containers of the pod (an ephemeral one, say), as {@link #pull}. */
  Future<Map<String, String>> pull(
      Pod pod, List<Container> containers, Map<String, Map<String, byte[]>> secrets) {
    PodRef ref = PodRef.of(pod);
    List<Map<String, byte[]>> pullSecrets = pullSecrets(pod, secrets);
    Map<String, String> sifs = new LinkedHashMap<>();
    List<Future<Void>> pulls = new ArrayList<>();
    for (Container c : containers) {
      ImageReference image;
      try {
        image = ImageReference.of(c.getImage());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(
            new PodRejection(
                "InvalidImageName", "container " + c.getName() + ": " + e.getMessage(), true));
      }
      if (image.readsLocalFile() && !localSchemes.contains(image.scheme())) {
        // Any namespace could otherwise run an image file the HPC user can read on the cluster.
        return Future.failedFuture(
            new PodRejection(
                "InvalidImageName",
                "container "
                    + c.getName()
                    + ": "
                    + image.scheme()
                    + ":// reads an image file on the cluster; the site allows it with"
                    + " slurm.local-image-schemes",
                true));
      }
      String policy =
          c.getImagePullPolicy() == null ? image.defaultPullPolicy() : c.getImagePullPolicy();
      Optional<RegistryCredentials> credentials = RegistryCredentials.find(pullSecrets, image);
      if (images.needsPull(image, policy, credentials) && !"Never".equals(policy)) {
        outbox.event(ref, "Pulling", "Pulling image \"" + image.image() + "\"");
      }
      pulls.add(
          images
              .get(image, policy, credentials)
              .map(
                  result -> {
                    sifs.put(c.getImage(), result.sif().toString());
                    outbox.event(ref, "Pulled", pulledMessage(image, result));
                    return null;
                  }));
    }
    return Future.all(pulls)
        .map(all -> sifs)
        .recover(
            e ->
                Future.failedFuture(
                    new PodRejection(
                        "ErrImagePull", "Failed to pull image: " + e.getMessage(), false)));
  }

  private static List<Map<String, byte[]>> pullSecrets(
      Pod pod, Map<String, Map<String, byte[]>> secrets) {
    if (pod.getSpec().getImagePullSecrets() == null) {
      return List.of();
    }
    return pod.getSpec().getImagePullSecrets().stream()
        .map(s -> secrets.get(s.getName()))
        .filter(Objects::nonNull)
        .toList();
  }

  private static String pulledMessage(ImageReference image, ImageCache.Result result) {
    return result.pulled()
        ? "Successfully pulled image \""
            + image.image()
            + "\" in "
            + result.took().toMillis()
            + "ms"
        : "Container image \"" + image.image() + "\" already present on machine";
  }
}
