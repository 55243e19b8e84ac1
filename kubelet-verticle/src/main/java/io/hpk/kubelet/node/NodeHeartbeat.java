package io.hpk.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.kubelet.model.NodeIdentity;
import io.hpk.kubelet.model.NodeLeaseTemplate;
import io.hpk.kubelet.model.NodeTemplate;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Node registered: renews its Lease every tick and writes its status when Slurm's answer
 * changed or the last write is older than the status interval. All API calls run on the worker
 * pool; the verticle's context only sequences them.
 */
public final class NodeHeartbeat {

  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final KubernetesClient client;
  private final WorkerPool workers;
  private final NodeTemplate template;
  private final String nodeName;
  private final Duration leaseDuration;
  private final Duration statusInterval;
  private final Clock clock;

  private String nodeUid;
  private NodeStatus lastStatus;
  private Instant lastStatusWrite = Instant.EPOCH;
  private Instant readySince;
  private boolean lastResponding;
  private String lastPartitions;

  public NodeHeartbeat(
      KubernetesClient client,
      WorkerPool workers,
      NodeIdentity identity,
      Duration leaseDuration,
      Duration statusInterval,
      Clock clock) {
    this.client = client;
    this.workers = workers;
    this.template = new NodeTemplate(identity);
    this.nodeName = identity.name();
    this.leaseDuration = leaseDuration;
    this.statusInterval = statusInterval;
    this.clock = clock;
  }

  /** One heartbeat with what Slurm said: registers the Node if needed, renews the Lease. */
  public io.vertx.core.Future<Void> beat(SlurmClusterInfo slurm) {
    Instant now = clock.instant();
    if (readySince == null || slurm.responding() != lastResponding) {
      readySince = now;
      lastResponding = slurm.responding();
    }
    NodeStatus status = template.status(slurm, now, readySince);
    boolean writeStatus =
        nodeUid == null
            || lastStatus == null
            || !NodeTemplate.sameApartFromHeartbeat(lastStatus, status)
            || Duration.between(lastStatusWrite, now).compareTo(statusInterval) >= 0;
    String partitions = NodeTemplate.partitions(slurm);
    boolean writePartitions = slurm.responding() && !partitions.equals(lastPartitions);
    return workers.run(
        () -> {
          if (nodeUid == null) {
            nodeUid = register(slurm, now);
          }
          if (writePartitions) {
            annotate(NodeTemplate.PARTITIONS_ANNOTATION, partitions);
            lastPartitions = partitions;
          }
          // The Lease first: a node that shows Ready has a Lease saying it is alive.
          renewLease(now);
          if (writeStatus) {
            writeStatus(status, slurm, now);
          }
          return null;
        });
  }

  private String register(SlurmClusterInfo slurm, Instant now) {
    Node existing = client.nodes().withName(nodeName).get();
    if (existing != null) {
      LOG.info("[node {}] found, taking it over", nodeName);
      return existing.getMetadata().getUid();
    }
    Node created = client.nodes().resource(template.node(slurm, now)).create();
    LOG.info("[node {}] registered", nodeName);
    return created.getMetadata().getUid();
  }

  /**
   * The node controller changes the Node too (taints, conditions): a conflict is read and written
   * again; a Node deleted meanwhile is registered again.
   */
  private static final int ATTEMPTS = 3;

  private void writeStatus(NodeStatus status, SlurmClusterInfo slurm, Instant now) {
    for (int attempt = 1; ; attempt++) {
      try {
        editStatus(status);
        break;
      } catch (KubernetesClientException e) {
        boolean again = attempt < ATTEMPTS && (e.getCode() == 409 || e.getCode() == 404);
        if (!again) {
          throw e;
        }
        if (e.getCode() == 404) {
          LOG.warn("[node {}] was deleted, registering it again", nodeName);
          nodeUid = register(slurm, now);
        }
      }
    }
    lastStatus = status;
    lastStatusWrite = now;
  }

  private void annotate(String key, String value) {
    String patch =
        new JsonObject()
            .put("metadata", new JsonObject().put("annotations", new JsonObject().put(key, value)))
            .encode();
    client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private void editStatus(NodeStatus status) {
    client
        .nodes()
        .withName(nodeName)
        .editStatus(node -> new NodeBuilder(node).withStatus(status).build());
  }

  /** One merge patch per tick; the Lease is created only when the patch finds none. */
  private void renewLease(Instant now) {
    Lease lease = NodeLeaseTemplate.lease(nodeName, nodeUid, leaseDuration, now);
    try {
      client
          .leases()
          .inNamespace(NodeLeaseTemplate.NAMESPACE)
          .withName(nodeName)
          .patch(PatchContext.of(PatchType.JSON_MERGE), lease);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      client.leases().inNamespace(NodeLeaseTemplate.NAMESPACE).resource(lease).create();
    }
  }
}
