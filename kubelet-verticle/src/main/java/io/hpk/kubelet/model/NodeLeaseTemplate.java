package io.hpk.kubelet.model;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The node heartbeat in kube-node-lease, owned by the Node so it goes when the Node goes. */
public final class NodeLeaseTemplate {

  public static final String NAMESPACE = "kube-node-lease";

  private NodeLeaseTemplate() {}

  public static Lease lease(String nodeName, String nodeUid, Duration duration, Instant now) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(nodeName)
        .withNamespace(NAMESPACE)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(nodeName)
        .withUid(nodeUid)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(nodeName)
        .withLeaseDurationSeconds((int) duration.toSeconds())
        .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
        .endSpec()
        .build();
  }
}
