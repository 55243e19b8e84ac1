package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose a pod's Slurm job is: the Kubernetes cluster (the UID of its kube-system namespace, as
 * cluster IDs are commonly taken) and the HPK node. The job's comment names both and the pod, so
 * one user's HPK clusters and nodes on one Slurm adopt and cancel only their own jobs, and never a
 * job HPK did not submit.
 */
public record JobOwner(String clusterId, String nodeName) {

  private static final Pattern COMMENT =
      Pattern.compile(
          "hpk/([0-9a-f-]{1,64})/([a-z0-9.-]{1,253})/([0-9a-f-]{36}(\\+[0-9a-f-]{36})*)");
  private static final Pattern LEGACY = Pattern.compile("[0-9a-f-]{36}");

  /** A job comment and whose pod it names. */
  public record OwnedJob(JobOwner owner, String podUid) {}

  /** The comment of this owner's job for a pod. */
  public String comment(String podUid) {
    return "hpk/" + clusterId + "/" + nodeName + "/" + podUid;
  }

  /** The comment of this owner's job for the pods of a gang, which share one job. */
  public String comment(List<String> podUids) {
    return "hpk/" + clusterId + "/" + nodeName + "/" + String.join("+", podUids);
  }

  /**
   * The owner and pod a job's comment names; empty for jobs HPK did not submit. A bare pod UID (HPK
   * before owners were named) belongs to {@code legacyOwner}. For a gang's job, its first pod.
   */
  public static Optional<OwnedJob> parse(String comment, JobOwner legacyOwner) {
    return parseAll(comment, legacyOwner).stream().findFirst();
  }

  /** Every pod a job's comment names: one, or all pods of a gang; empty for jobs not HPK's. */
  public static List<OwnedJob> parseAll(String comment, JobOwner legacyOwner) {
    Matcher m = COMMENT.matcher(comment);
    if (m.matches()) {
      JobOwner owner = new JobOwner(m.group(1), m.group(2));
      return Arrays.stream(m.group(3).split("\\+")).map(uid -> new OwnedJob(owner, uid)).toList();
    }
    return LEGACY.matcher(comment).matches()
        ? List.of(new OwnedJob(legacyOwner, comment))
        : List.of();
  }

  public JsonObject toJson() {
    return new JsonObject().put("clusterId", clusterId).put("nodeName", nodeName);
  }

  public static JobOwner fromJson(JsonObject json) {
    return new JobOwner(json.getString("clusterId", ""), json.getString("nodeName", ""));
  }

  @Override
  public String toString() {
    return nodeName + " of cluster " + clusterId;
  }
}
