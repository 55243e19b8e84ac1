package io.hpk.slurm.usage;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.UsageSnapshot;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.slurm.model.PodPaths;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of the pods this bridge runs, for the kubelet's {@code /stats/summary} and {@code
 * /metrics/resource}. Which containers run comes from the bridge's own pod reports (no Slurm call);
 * their usage from {@code /proc} (see {@link UsageSampler}). Confined to the bridge's event loop.
 *
 * <p>The sample is read where this JVM runs. That is right for the lab and for a single-node
 * partition run from its own node. On a multi-node cluster the jobs' processes live on compute
 * nodes: each compute node then needs a reader of its own (a bridge in the clustered event bus on
 * that node answering for its jobs, or a per-node agent writing {@code usage.json} into the shared
 * pod directories), or, with containers as job steps, one {@code sstat} call for all running jobs.
 */
public final class UsageCollector {

  /** A sample younger than this answers a request; older ones are taken again. */
  private static final long FRESH_MILLIS = 2_000;

  private final WorkerPool workers;
  private final Path workDir;
  private final UsageSampler sampler;
  private final Clock clock;
  private final Map<String, WatchedPod> watched = new LinkedHashMap<>();
  private UsageSnapshot last;
  private Future<UsageSnapshot> sampling;

  public UsageCollector(WorkerPool workers, Path workDir) {
    this(workers, workDir, new ProcFs(Path.of("/proc")), Clock.systemUTC());
  }

  UsageCollector(WorkerPool workers, Path workDir, ProcFs proc, Clock clock) {
    this.workers = workers;
    this.workDir = workDir;
    this.sampler = new UsageSampler(proc, clock);
    this.clock = clock;
  }

  /** Follows a pod's report: its running containers are watched until its job ends. */
  public void onReport(PodJobReport report) {
    List<WatchedPod.RunningContainer> running = new ArrayList<>();
    for (Object o : report.containers()) {
      JsonObject c = (JsonObject) o;
      long started = startedAt(c.getString("startedAt", ""));
      if ("running".equals(c.getString("state")) && started > 0) {
        running.add(new WatchedPod.RunningContainer(c.getString("name"), started));
      }
    }
    if (report.ended() || running.isEmpty()) {
      watched.remove(report.pod().uid());
      return;
    }
    watched.put(
        report.pod().uid(), new WatchedPod(report.pod(), paths(report), List.copyOf(running)));
  }

  /** The latest sample when it is fresh, else a new one (concurrent callers share it). */
  public Future<UsageSnapshot> current() {
    if (last != null && clock.millis() - last.timestampMillis() < FRESH_MILLIS) {
      return Future.succeededFuture(last);
    }
    return sample();
  }

  /** Periodic sampling, so CPU rates are ready when asked; nothing to do while no pod runs. */
  public void sampleIfWatching() {
    if (!watched.isEmpty()) {
      sample();
    }
  }

  private Future<UsageSnapshot> sample() {
    if (sampling != null) {
      return sampling;
    }
    List<WatchedPod> pods = List.copyOf(watched.values());
    sampling =
        workers
            .run(() -> sampler.sample(pods))
            .map(
                taken -> {
                  last = last == null ? taken : UsageRates.between(last, taken);
                  return last;
                })
            .onComplete(done -> sampling = null);
    return sampling;
  }

  private PodPaths paths(PodJobReport report) {
    return PodPaths.of(
        workDir,
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(report.pod().namespace())
            .withName(report.pod().name())
            .withUid(report.pod().uid())
            .endMetadata()
            .build());
  }

  private static long startedAt(String stamp) {
    try {
      return stamp.isEmpty() ? 0 : Instant.parse(stamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}
