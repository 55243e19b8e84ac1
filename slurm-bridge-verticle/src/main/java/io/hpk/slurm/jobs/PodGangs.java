package io.hpk.slurm.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodGroupRef;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.model.PodGang;
import io.hpk.slurm.model.PodSpecException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods of coscheduling groups gathering into gangs: a group's pods wait until its PodGroup's
 * minMember of them are there, then all start in one Slurm job (each pod a step), or none does. A
 * pod that joins a group whose gang already runs starts as a job of its own, as the coscheduling
 * plugin admits a pod once minMember pods of its group are placed. Confined to the bridge's event
 * loop.
 */
final class PodGangs {

  private static final Logger LOG = LoggerFactory.getLogger(PodGangs.class);

  /** The reason of a pod whose gang waits for more of its group's pods. */
  static final String WAITING = "WaitingForPodGroup";

  /** Completes the future of a pod that was deleted before its gang started. */
  static final class LeftGang extends Exception {
    LeftGang() {
      super("deleted before its pod group started", null, false, false);
    }
  }

  private record GangKey(JobOwner owner, String namespace, String group) {
    @Override
    public String toString() {
      return namespace + "/" + group;
    }
  }

  private record Waiting(
      Pod pod,
      PodRef ref,
      PodDirectory directory,
      PodRunRequest request,
      Promise<PodJob> started) {}

  private final JobSubmission submission;
  private final BridgeOutbox outbox;
  private final Map<GangKey, Map<String, Waiting>> forming = new HashMap<>();

  /** Pods of gangs that were submitted and not forgotten yet, by group. */
  private final Map<GangKey, Set<String>> launched = new HashMap<>();

  PodGangs(JobSubmission submission, BridgeOutbox outbox) {
    this.submission = submission;
    this.outbox = outbox;
  }

  /**
   * The pod's job once its gang was submitted (a job of its own when its group's gang already
   * runs); fails with a {@link PodRejection} when the pod or its gang cannot run, and with {@link
   * LeftGang} when the pod is deleted first.
   */
  Future<PodJob> join(Pod pod, PodDirectory directory, PodRunRequest request) {
    PodGroupRef group = request.podGroup();
    PodRef ref = PodRef.of(pod);
    GangKey key = new GangKey(request.owner(), ref.namespace(), group.name());
    if (!group.found()) {
      return Future.failedFuture(
          new PodRejection(
              "PodGroupNotFound",
              "label "
                  + PodGroupRef.LABEL
                  + " names pod group "
                  + key
                  + ", which does not exist: create the PodGroup (scheduling.x-k8s.io/v1alpha1)"
                  + " with its minMember, or remove the label",
              false));
    }
    if (!launched.getOrDefault(key, Set.of()).isEmpty()) {
      LOG.info("[{}] pod group {} already runs: the pod runs as a job of its own", ref, key);
      return submission.submit(pod, directory, request);
    }
    Promise<PodJob> started = Promise.promise();
    Map<String, Waiting> members = forming.computeIfAbsent(key, k -> new LinkedHashMap<>());
    members.put(ref.uid(), new Waiting(pod, ref, directory, request, started));
    if (members.size() >= group.minMember()) {
      forming.remove(key);
      launch(key, new ArrayList<>(members.values()), group.minMember());
    } else {
      outbox.event(ref, WAITING, waitingMessage(key, members.size(), group.minMember()));
      reportWaiting(key, members.values(), group.minMember());
    }
    return started.future();
  }

  /** Takes a pod out of its forming gang; false when it was in none. */
  boolean leave(String uid) {
    for (var gang : forming.entrySet()) {
      Waiting left = gang.getValue().remove(uid);
      if (left != null) {
        left.started.fail(new LeftGang());
        int minMember = left.request.podGroup().minMember();
        reportWaiting(gang.getKey(), gang.getValue().values(), minMember);
        forming.values().removeIf(Map::isEmpty);
        return true;
      }
    }
    return false;
  }

  /** A pod that is gone: once every pod of a gang is, its group may form a new gang. */
  void forget(String uid) {
    launched.values().forEach(uids -> uids.remove(uid));
    launched.values().removeIf(Set::isEmpty);
  }

  private void launch(GangKey key, List<Waiting> members, int minMember) {
    LOG.info("pod group {}: {} pods, starting them as one job", key, members.size());
    List<Future<Waiting>> prepared = new ArrayList<>();
    for (Waiting member : members) {
      prepared.add(
          submission
              .prepare(member.pod, member.directory, member.request)
              .map(member)
              .onFailure(member.started::fail));
    }
    Future.join(prepared)
        .onComplete(
            done -> {
              List<Waiting> ready =
                  prepared.stream().filter(Future::succeeded).map(Future::result).toList();
              if (ready.size() < minMember) {
                // A pod that cannot run leaves its gang short: the others wait for a replacement.
                ready.forEach(
                    m ->
                        forming
                            .computeIfAbsent(key, k -> new LinkedHashMap<>())
                            .put(m.ref.uid(), m));
                reportWaiting(key, ready, minMember);
                return;
              }
              submit(key, ready);
            });
  }

  private void submit(GangKey key, List<Waiting> members) {
    PodGang gang;
    try {
      gang =
          new PodGang(
              key.namespace(),
              key.group(),
              members.stream().map(m -> new PodGang.Member(m.pod, m.directory)).toList());
    } catch (PodSpecException e) {
      members.forEach(m -> m.started.fail(new PodRejection(e.reason(), e.getMessage(), true)));
      return;
    }
    Set<String> uids = launched.computeIfAbsent(key, k -> new HashSet<>());
    members.forEach(m -> uids.add(m.ref.uid()));
    submission
        .submitGang(key.owner(), gang)
        .onSuccess(
            jobId ->
                members.forEach(
                    m -> {
                      outbox.event(
                          m.ref,
                          "Submitted",
                          "Submitted to Slurm as job "
                              + jobId
                              + " with the "
                              + members.size()
                              + " pods of pod group "
                              + key.group()
                              + ", each a step of it");
                      m.started.complete(new PodJob(key.owner(), m.ref, m.directory, jobId));
                    }))
        .onFailure(
            e -> {
              members.forEach(m -> uids.remove(m.ref.uid()));
              launched.values().removeIf(Set::isEmpty);
              PodRejection rejection = SbatchFailure.rejection(e);
              members.forEach(m -> m.started.fail(rejection));
            });
  }

  private void reportWaiting(GangKey key, Iterable<Waiting> members, int minMember) {
    List<Waiting> all = new ArrayList<>();
    members.forEach(all::add);
    String message = waitingMessage(key, all.size(), minMember);
    for (Waiting member : all) {
      outbox.report(
          new PodJobReport(member.ref, "", SlurmJobState.PENDING, WAITING, message, "", List.of()));
    }
  }

  private static String waitingMessage(GangKey key, int present, int minMember) {
    return "pod group "
        + key.group()
        + " has "
        + present
        + " of its minMember "
        + minMember
        + " pods: they start together in one Slurm job once all are there";
  }
}
