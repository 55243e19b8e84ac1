package io.hpk.slurm;

import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodRunAccepted;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.common.bus.PodStopReply;
import io.hpk.common.bus.PodStopRequest;
import io.hpk.common.bus.PodTokensUpdate;
import io.hpk.common.bus.PodsReconcileReply;
import io.hpk.common.bus.PodsReconcileRequest;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.ConfigKey;
import io.hpk.common.config.HpkConfig;
import io.hpk.slurm.cli.Executables;
import io.hpk.slurm.cli.MeteredSlurmCli;
import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.cli.SlurmCommands;
import io.hpk.slurm.images.ImageCache;
import io.hpk.slurm.jobs.PodJobSettings;
import io.hpk.slurm.jobs.PodJobs;
import io.hpk.slurm.site.SiteCheck;
import io.hpk.slurm.site.SiteRequirement;
import io.hpk.slurm.usage.UsageCollector;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only part of HPK that talks to Slurm: runs, tracks and stops pods' jobs and reports what the
 * cluster offers. Capacity answers come from a snapshot refreshed on a timer, so a burst of
 * questions costs no extra Slurm calls.
 */
public class SlurmBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SlurmBridgeVerticle.class);

  /** As often as metrics-server's finest resolution, so a CPU rate is always ready. */
  private static final long USAGE_SAMPLE_MILLIS = 10_000;

  /** The site check's job may wait in the queue; past this it is cancelled and reported. */
  private static final Duration SITE_CHECK_LIMIT = Duration.ofMinutes(10);

  /**
   * Threads for Slurm commands and pod-directory files. sbatch takes tens of milliseconds and Slurm
   * takes many at once, so a burst of pods is written and submitted this many at a time; the
   * tracker's one squeue per round waits behind at most this many tasks.
   */
  private static final int WORKER_THREADS = 8;

  /** How often jobs just submitted are looked at until their first container runs. */
  private static final long QUICK_TICK_MILLIS = 250;

  private final HpkConfig.SlurmConfig config;
  private final HpkConfig.DnsConfig dns;
  private final MeterRegistry meters;
  private WorkerPool workers;
  private WorkerPool pullWorkers;
  private WorkerPool siteCheckWorker;
  private SlurmClusterProbe probe;
  private SlurmClusterInfo current = SlurmClusterInfo.silent("", "");
  private MessageConsumer<JsonObject> infoConsumer;
  private final List<MessageConsumer<JsonObject>> podConsumers = new ArrayList<>();
  private PodJobs podJobs;
  private long refreshTimer;
  private long trackTimer;
  private long quickTimer;
  private UsageCollector usage;
  private long usageTimer;

  public SlurmBridgeVerticle(
      HpkConfig.SlurmConfig config, HpkConfig.DnsConfig dns, MeterRegistry meters) {
    this.config = config;
    this.dns = dns;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    workers = new WorkerPool(vertx, "hpk-slurm", WORKER_THREADS);
    // A slow pull must never hold a thread that tracking or deletion needs.
    pullWorkers = new WorkerPool(vertx, "hpk-image-pull", 2);
    probe = new SlurmClusterProbe();
    infoConsumer =
        vertx.eventBus().consumer(Addresses.SLURM_CLUSTER_INFO, msg -> msg.reply(current.toJson()));
    refreshTimer =
        vertx.setPeriodic(
            config.infoRefreshInterval().toMillis(),
            tick -> refreshClusterInfo().otherwise(this::clusterInfoMissing));
    podJobs =
        new PodJobs(
            vertx,
            workers,
            new MeteredSlurmCli(new SlurmCommands(), meters),
            new ImageCache(config.imageDir(), config.apptainer(), pullWorkers),
            new PodJobSettings(
                config.workDir(),
                apptainerPath(),
                config.network(),
                config.podNetworkHelper(),
                config.allowedHostPaths(),
                config.localImageSchemes(),
                dns.server(),
                dns.clusterDomain()));
    podConsumers.add(vertx.eventBus().consumer(Addresses.POD_RUN, this::run));
    podConsumers.add(vertx.eventBus().consumer(Addresses.POD_STOP, this::stopPod));
    podConsumers.add(vertx.eventBus().consumer(Addresses.POD_FORGET, this::forgetPod));
    podConsumers.add(vertx.eventBus().consumer(Addresses.POD_TOKENS, this::replaceTokens));
    podConsumers.add(vertx.eventBus().consumer(Addresses.POD_FILES, this::replaceFiles));
    podConsumers.add(
        vertx.eventBus().consumer(Addresses.POD_EPHEMERAL, this::startEphemeralContainers));
    podConsumers.add(vertx.eventBus().consumer(Addresses.PODS_RECONCILE, this::reconcile));
    trackTimer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> podJobs.tick());
    long quick = Math.min(QUICK_TICK_MILLIS, config.pollInterval().toMillis());
    quickTimer = vertx.setPeriodic(quick, tick -> podJobs.quickTick());
    usage = new UsageCollector(workers, config.workDir());
    podConsumers.add(
        vertx
            .eventBus()
            .localConsumer(
                Addresses.POD_REPORT, msg -> usage.onReport(PodJobReport.fromJson(msg.body()))));
    podConsumers.add(vertx.eventBus().consumer(Addresses.PODS_USAGE, this::answerUsage));
    usageTimer = vertx.setPeriodic(USAGE_SAMPLE_MILLIS, tick -> usage.sampleIfWatching());
    List<Future<Void>> registered = new ArrayList<>();
    registered.add(infoConsumer.completion());
    podConsumers.forEach(c -> registered.add(c.completion()));
    // Slurm may be down while HPK starts: what needs its queue waits for it, nothing fails.
    return Future.all(registered)
        .compose(done -> refreshClusterInfo().otherwise(this::clusterInfoMissing))
        .onSuccess(
            done -> {
              podJobs.recover().onSuccess(recovered -> announceStart());
              checkSite();
            });
  }

  private Void clusterInfoMissing(Throwable failure) {
    LOG.warn(
        "Slurm's nodes not read yet, tried again on the next refresh: {}", failure.getMessage());
    return null;
  }

  /** A kubelet that outlived an earlier bridge hands its pods over again. */
  private void announceStart() {
    vertx.eventBus().publish(Addresses.BRIDGE_STARTED, new JsonObject());
  }

  /** Job scripts run Apptainer by the path it has here, whatever PATH a job gets. */
  private String apptainerPath() {
    return Executables.resolve(config.apptainer(), System.getenv("PATH"))
        .map(Path::toString)
        .orElseGet(
            () -> {
              LOG.error(
                  "{} ({}) is not on this PATH: jobs will look for it on theirs",
                  config.apptainer(),
                  ConfigKey.SLURM_APPTAINER.key());
              return config.apptainer();
            });
  }

  /** Says at start what the site lacks, instead of failing later on the first pod that needs it. */
  private void checkSite() {
    siteCheckWorker = new WorkerPool(vertx, "hpk-site-check", 1);
    SiteCheck check =
        new SiteCheck(
            new ProcessRunner(),
            new SiteCheck.Settings(
                config.workDir(), config.apptainer(), config.network(), config.podNetworkHelper()),
            SITE_CHECK_LIMIT);
    siteCheckWorker
        .run(check::run)
        .onSuccess(SlurmBridgeVerticle::logSiteRequirements)
        .onFailure(e -> LOG.error("the site check could not run: {}", e.toString()));
  }

  private static void logSiteRequirements(List<SiteRequirement> found) {
    long missing = found.stream().filter(r -> !r.met()).count();
    for (SiteRequirement requirement : found) {
      if (requirement.met()) {
        LOG.info("site requirement {}", requirement);
      } else {
        LOG.error("site requirement {}", requirement);
      }
    }
    if (missing == 0) {
      LOG.info("site check: all {} requirements met", found.size());
    } else {
      LOG.error("site check: {} of {} requirements missing", missing, found.size());
    }
  }

  private void run(Message<JsonObject> msg) {
    PodRunRequest request;
    try {
      request = PodRunRequest.fromJson(msg.body());
      PodRef pod = PodRef.of(PodJson.fromJson(request.pod()));
      podJobs.run(request);
      msg.reply(new PodRunAccepted(pod).toJson());
    } catch (RuntimeException e) {
      BusFailure.BAD_REQUEST.fail(msg, "not a pod to run: " + e.getMessage());
    }
  }

  private void replaceTokens(Message<JsonObject> msg) {
    PodTokensUpdate update;
    try {
      update = PodTokensUpdate.fromJson(msg.body());
      PodJson.fromJson(update.pod());
    } catch (RuntimeException e) {
      BusFailure.BAD_REQUEST.fail(msg, "not a pod's tokens: " + e.getMessage());
      return;
    }
    podJobs
        .replaceTokens(update)
        .onSuccess(done -> msg.reply(new JsonObject()))
        .onFailure(e -> BusFailure.FAILED.fail(msg, "tokens not replaced: " + e.getMessage()));
  }

  private void replaceFiles(Message<JsonObject> msg) {
    PodRunRequest request = podRequest(msg, "a pod's files");
    if (request == null) {
      return;
    }
    podJobs
        .replaceConfigAndSecrets(request)
        .onSuccess(changed -> msg.reply(new JsonObject().put("changed", changed)))
        .onFailure(e -> BusFailure.FAILED.fail(msg, "files not replaced: " + e.getMessage()));
  }

  private void startEphemeralContainers(Message<JsonObject> msg) {
    PodRunRequest request = podRequest(msg, "a pod's ephemeral containers");
    if (request == null) {
      return;
    }
    Future<List<String>> started = podJobs.startEphemeralContainers(request);
    if (started.failed()) {
      BusFailure.FAILED.fail(
          msg, "ephemeral containers not started: " + started.cause().getMessage());
    } else {
      // The pull may take minutes; how each start went shows in its state file and events.
      msg.reply(new JsonObject());
    }
  }

  /** The body as a running pod's request, or null once the message failed as a bad request. */
  private static PodRunRequest podRequest(Message<JsonObject> msg, String what) {
    try {
      PodRunRequest request = PodRunRequest.fromJson(msg.body());
      PodJson.fromJson(request.pod());
      return request;
    } catch (RuntimeException e) {
      BusFailure.BAD_REQUEST.fail(msg, "not " + what + ": " + e.getMessage());
      return null;
    }
  }

  private void answerUsage(Message<JsonObject> msg) {
    usage
        .current()
        .onSuccess(snapshot -> msg.reply(snapshot.toJson()))
        .onFailure(e -> BusFailure.FAILED.fail(msg, "usage sample failed: " + e));
  }

  private void stopPod(Message<JsonObject> msg) {
    PodStopRequest request = PodStopRequest.fromJson(msg.body());
    podJobs
        .stop(request.owner(), request.pod(), request.gracePeriodSeconds())
        .onComplete(
            done -> msg.reply(new PodStopReply(done.succeeded() && done.result()).toJson()));
  }

  private void forgetPod(Message<JsonObject> msg) {
    PodStopRequest request = PodStopRequest.fromJson(msg.body());
    podJobs
        .stop(request.owner(), request.pod(), 0)
        .onComplete(done -> podJobs.forget(request.pod().uid()));
  }

  private void reconcile(Message<JsonObject> msg) {
    PodsReconcileRequest request = PodsReconcileRequest.fromJson(msg.body());
    podJobs
        .reconcile(request.owner(), request.podUids())
        .onSuccess(cancelled -> msg.reply(new PodsReconcileReply(cancelled).toJson()))
        .onFailure(e -> BusFailure.FAILED.fail(msg, "cancelling orphan jobs failed: " + e));
  }

  private Future<Void> refreshClusterInfo() {
    return workers
        .run(probe::read)
        .map(
            info -> {
              if (!info.equals(current)) {
                LOG.info("Slurm cluster: {}", info.toJson().encode());
              }
              current = info;
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(refreshTimer);
    vertx.cancelTimer(trackTimer);
    vertx.cancelTimer(quickTimer);
    vertx.cancelTimer(usageTimer);
    podConsumers.forEach(MessageConsumer::unregister);
    return infoConsumer.unregister().eventually(() -> vertx.executeBlocking(this::closeWorkers));
  }

  private Void closeWorkers() {
    workers.close();
    pullWorkers.close();
    if (siteCheckWorker != null) {
      siteCheckWorker.close();
    }
    return null;
  }
}
