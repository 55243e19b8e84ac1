package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * The coscheduling pod group a pod belongs to (label {@code scheduling.x-k8s.io/pod-group}, the
 * convention of kubernetes-sigs/scheduler-plugins) and its PodGroup's {@code spec.minMember}, as
 * the kubelet read it: the bridge starts that many pods of the group together in one Slurm job.
 *
 * @param name the group's name, "" for a pod of no group
 * @param minMember the PodGroup's minMember; {@link #NOT_FOUND} when the pod names a group that
 *     does not exist
 */
public record PodGroupRef(String name, int minMember) {

  /** The label that puts a pod into a group, as the coscheduling plugin reads it. */
  public static final String LABEL = "scheduling.x-k8s.io/pod-group";

  public static final int NOT_FOUND = -1;

  public static final PodGroupRef NONE = new PodGroupRef("", 0);

  public boolean isGang() {
    return !name.isEmpty();
  }

  public boolean found() {
    return minMember > 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("minMember", minMember);
  }

  public static PodGroupRef fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    return new PodGroupRef(json.getString("name", ""), json.getInteger("minMember", 0));
  }
}
