package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which Kubernetes cluster this is, for the owner every job's comment names. Blocking. */
final class ClusterId {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterId.class);

  private ClusterId() {}

  /**
   * The kube-system namespace's UID, as cluster IDs are commonly taken; where HPK may not read it,
   * a fingerprint of the API server's address (stable for one cluster, different between clusters).
   */
  static String of(KubernetesClient client) {
    try {
      var kubeSystem = client.namespaces().withName("kube-system").get();
      if (kubeSystem != null) {
        return kubeSystem.getMetadata().getUid();
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "kube-system namespace not readable ({}); cluster ID from the API server address",
          e.getMessage());
    }
    return UUID.nameUUIDFromBytes(client.getMasterUrl().toString().getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
