package io.hpk.common.bus;

/** Event-bus addresses. The verticles talk only through these, so each can run in another JVM. */
public final class Addresses {

  /**
   * Request: {} → reply: {@link io.hpk.common.bus.SlurmClusterInfo} JSON. Answered by the bridge.
   */
  public static final String SLURM_CLUSTER_INFO = "hpk.bridge.cluster.info";

  /**
   * Request: {@link PodRunRequest} JSON → reply: {@code {"jobId": "123"}}. Idempotent per pod UID:
   * a pod that already has a job gets that job back. Failures: 400 for a pod spec HPK cannot run
   * (the message starts with a CamelCase reason and a colon), 500 when Slurm refused the job.
   */
  public static final String POD_RUN = "hpk.bridge.pod.run";

  /**
   * Request: {@code {"uid", "namespace", "name", "gracePeriodSeconds"}} → reply {@code {"stopping":
   * true}} once the job was signalled (TERM now, KILL after the grace period; its end comes as a
   * report), or {@code {"stopping": false}} when the pod has no running job.
   */
  public static final String POD_STOP = "hpk.bridge.pod.stop";

  /**
   * Request: {@code {"uids": [...]}}, the pods that exist on the node → reply {@code {"cancelled":
   * [...]}}: jobs of pods that are gone are cancelled (after a restart, no orphan job is left).
   */
  public static final String PODS_RECONCILE = "hpk.bridge.pods.reconcile";

  /**
   * Request: {} → reply: {@link UsageSnapshot} JSON, the CPU and memory of the machine and of every
   * running container of the pods this bridge runs. Answered by the bridge, from a sample at most a
   * few seconds old; 500 when the sample could not be taken.
   */
  public static final String PODS_USAGE = "hpk.bridge.pods.usage";

  /**
   * Published by the bridge: {@link PodJobReport} JSON whenever a pod's job or containers change.
   */
  public static final String POD_REPORT = "hpk.kubelet.pod.report";

  /** Published by the bridge: {@link PodEventMessage} JSON, an event to record on the pod. */
  public static final String POD_EVENT = "hpk.kubelet.pod.event";

  private Addresses() {}
}
