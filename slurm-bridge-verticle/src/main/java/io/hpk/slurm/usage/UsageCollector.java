package io.hpk.slurm.usage;

import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.UsageSnapshot;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.cli.ProcessRunner;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of the pods this bridge runs, for the kubelet's {@code /stats/summary} and {@code
 * /metrics/resource}. Which containers run comes from the bridge's own pod reports; their usage
 * from what each job measures on its compute node, and the nodes' from Slurm (see {@link
 * UsageSampler}). Confined to the bridge's event loop.
 */
public final class UsageCollector {

  /** A sample younger than this answers a request; older ones are taken again. */
  private static final long FRESH_MILLIS = 2_000;

  private static final Duration SINFO_TIMEOUT = Duration.ofSeconds(10);

  private final WorkerPool workers;
  private final Path workDir;
  private final UsageSampler sampler;
  private final Clock clock;
  private final Map<String, WatchedPod> watched = new LinkedHashMap<>();
  private UsageSnapshot last;
  private Future<UsageSnapshot> sampling;

  public UsageCollector(WorkerPool workers, Path workDir) {
    this(workers, workDir, UsageCollector::sinfo, Clock.systemUTC());
  }

  UsageCollector(WorkerPool workers, Path workDir, UsageSampler.NodeLoadSource nodes, Clock clock) {
    this.workers = workers;
    this.workDir = workDir;
    this.sampler = new UsageSampler(nodes, clock);
    this.clock = clock;
  }

  /** Follows a pod's report: its running containers are watched until its job ends. */
  public void onReport(PodJobReport report) {
    List<WatchedPod.RunningContainer> running = new ArrayList<>();
    for (ContainerStateFile c : report.containers()) {
      long started = startedAt(c.startedAt());
      if (c.running() && started > 0) {
        running.add(new WatchedPod.RunningContainer(c.name(), started));
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

  private static String sinfo() throws IOException {
    ProcessRunner.Result result =
        new ProcessRunner()
            .run(List.of("sinfo", "-h", "-N", "-o", SlurmNodeLoad.FORMAT), SINFO_TIMEOUT);
    if (!result.ok()) {
      throw new IOException("sinfo failed: " + result.stderr().trim());
    }
    return result.stdout();
  }

  private PodDirectory paths(PodJobReport report) {
    PodRef pod = report.pod();
    return PodDirectory.of(workDir, pod.namespace(), pod.name(), pod.uid());
  }

  private static long startedAt(String stamp) {
    try {
      return stamp.isEmpty() ? 0 : Instant.parse(stamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}
