package io.hpk.common.bus;

/**
 * Event-bus addresses. The verticles talk only through these, so each can run in another JVM. Each
 * request and reply is a record of this package with explicit JSON mapping; a failed request
 * carries a {@link BusFailure} code. Commands are answered at once and followed by reports, so no
 * request waits on Slurm for longer than one command takes.
 */
public final class Addresses {

  /** Request: {} → reply: {@link SlurmClusterInfo}. Answered by the bridge from a snapshot. */
  public static final String SLURM_CLUSTER_INFO = "hpk.bridge.cluster.info";

  /**
   * Command: {@link PodRunRequest} → reply {@link PodRunAccepted} as soon as the bridge has taken
   * it. Idempotent per pod UID: a pod that already has a job keeps it. What follows comes as {@link
   * #POD_REPORT}s: PENDING with the job id once submitted or adopted, REJECTED with a CamelCase
   * reason when the pod cannot run (a transient one, ErrImagePull, is tried again when the command
   * is sent again). Fails with {@link BusFailure#BAD_REQUEST} for a body that is not a pod.
   */
  public static final String POD_RUN = "hpk.bridge.pod.run";

  /**
   * Request: {@link PodStopRequest} → reply {@link PodStopReply}: {@code stopping} once the job was
   * signalled (TERM now, cancel after the grace period; its end comes as a report), or not when the
   * pod has no running job.
   */
  public static final String POD_STOP = "hpk.bridge.pod.stop";

  /**
   * Command, no reply: {@link PodStopRequest} (grace period ignored) of a pod gone from the API
   * server. Its job, if one still runs, is cancelled at once and the bridge forgets the pod.
   */
  public static final String POD_FORGET = "hpk.bridge.pod.forget";

  /**
   * Request: {@link PodTokensUpdate}, fresh service-account tokens of a pod that runs → reply {}
   * once the bridge has replaced the pod's token files (each atomically, so a container reads the
   * old token or the new one, never part of either). Fails with {@link BusFailure#FAILED} when the
   * pod has no running job or the files could not be written, {@link BusFailure#BAD_REQUEST} for a
   * body that is not a pod.
   */
  public static final String POD_TOKENS = "hpk.bridge.pod.tokens";

  /**
   * Request: {@link PodRunRequest} of a pod that runs, with its ConfigMaps and Secrets as they are
   * now (tokens and volume paths are not read) → reply {@code {"changed": N}} once the bridge has
   * replaced the files of its configMap, secret and projected volumes whose content changed, as a
   * kubelet updates them. Fails with {@link BusFailure#FAILED} when the pod has no running job or
   * the files could not be written, {@link BusFailure#BAD_REQUEST} for a body that is not a pod.
   */
  public static final String POD_FILES = "hpk.bridge.pod.files";

  /**
   * Request: a {@link PodRunRequest} of a running pod whose {@code spec.ephemeralContainers} may
   * hold containers its job was not given yet. Replies {} at once; each new one's image is then
   * pulled and its launch written to the pod directory, where the job starts it, and its state file
   * tells how it went (one that cannot start gets a Warning event and a waiting state with the
   * reason; asked again, it is tried again). Fails with {@link BusFailure#FAILED} when the pod has
   * no running job, {@link BusFailure#BAD_REQUEST} for a body that is not a pod.
   */
  public static final String POD_EPHEMERAL = "hpk.bridge.pod.ephemeral";

  /**
   * Request: {@link PodsReconcileRequest}, the pods that exist on the node → reply {@link
   * PodsReconcileReply}: jobs of pods that are gone are cancelled (after a restart, no orphan job
   * is left). Fails with {@link BusFailure#FAILED} when Slurm could not cancel them.
   */
  public static final String PODS_RECONCILE = "hpk.bridge.pods.reconcile";

  /**
   * Request: {} → reply: {@link UsageSnapshot}, the CPU and memory of the machine and of every
   * running container of the pods this bridge runs, from a sample at most a few seconds old. Fails
   * with {@link BusFailure#FAILED} when the sample could not be taken.
   */
  public static final String PODS_USAGE = "hpk.bridge.pods.usage";

  /**
   * Published by the bridge once it has read Slurm's queue after starting: {}. A kubelet that was
   * already running hands every pod over again, so a restarted bridge tracks them all.
   */
  public static final String BRIDGE_STARTED = "hpk.kubelet.bridge.started";

  /** Published by the bridge: {@link PodJobReport} whenever a pod's job or containers change. */
  public static final String POD_REPORT = "hpk.kubelet.pod.report";

  /** Published by the bridge: {@link PodEventMessage}, an event to record on the pod. */
  public static final String POD_EVENT = "hpk.kubelet.pod.event";

  /**
   * Request: {} → reply: the kubelet's status document (pods with their jobs, Slurm's partitions
   * and queue, an hour of CPU and memory, recent events), a JSON object that only the status page
   * reads. Any JVM's status page asks it, so the page works in a split deployment too.
   */
  public static final String KUBELET_STATUS = "hpk.kubelet.status";

  private Addresses() {}
}
