package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.BusFailure;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.PodStopReply;
import io.hpk.common.bus.PodStopRequest;
import io.hpk.common.bus.PodsReconcileReply;
import io.hpk.common.bus.PodsReconcileRequest;
import io.hpk.common.bus.SlurmJobState;
import io.hpk.common.concurrent.OnContextHandler;
import io.hpk.common.concurrent.WorkerPool;
import io.hpk.common.config.HpkConfig.StatusPatchConfig;
import io.hpk.common.events.EventRecorder;
import io.hpk.kubelet.model.ActiveDeadline;
import io.hpk.kubelet.model.PodStatusTemplate;
import io.hpk.kubelet.model.TokenRefreshSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods bound to this node: each new pod is handed to the Slurm bridge to run, a deleted pod's
 * job is stopped with its grace period and the pod removed once the job ended, and the bridge's
 * reports become pod statuses. One informer; every callback is handed to the verticle's context.
 */
public final class PodController implements NodePods {

  private static final Logger LOG = LoggerFactory.getLogger(PodController.class);
  private static final String COMPONENT = "hpk-kubelet";
  private static final long RESYNC_MS = 30_000;

  /** The bridge answers a command once it has taken it; the outcome comes as a report. */
  private static final long COMMAND_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Context context;
  private final KubernetesClient client;
  private final WorkerPool workers;
  private final EventRecorder events;
  private final String nodeName;
  private final String hostIp;
  private final PodResourceResolver resolver;
  private final PodStatusPatcher patcher;
  private final TokenRefresher tokens;
  private final DeadlineTimers deadlines;
  private final ApiServerEndpoint apiServer;
  private final VolumeRefresher volumes;
  private final ResolvedPodSender sender;
  private final EphemeralContainerStarter ephemeral;
  private final InformedObjects objects;

  /** Pods handed to the bridge (or being handed), by UID. */
  private final Set<String> requested = new HashSet<>();

  /** Pods whose job was asked to stop, by UID. */
  private final Set<String> stopping = new HashSet<>();

  /** The last report of each pod, by UID. */
  private final Map<String, PodJobReport> reports = new HashMap<>();

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private SharedIndexInformer<Pod> informer;
  private JobOwner owner;

  public PodController(
      Vertx vertx,
      Context context,
      KubernetesClient client,
      WorkerPool workers,
      String nodeName,
      String hostIp,
      int tokenRefreshPercent,
      StatusPatchConfig statusPatches,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.workers = workers;
    this.nodeName = nodeName;
    this.hostIp = hostIp;
    Clock clock = Clock.systemUTC();
    ServiceAccountTokens issuer = new ServiceAccountTokens(client, clock);
    this.apiServer = new ApiServerEndpoint(client);
    this.objects = new InformedObjects(client);
    this.resolver = new PodResourceResolver(client, objects, issuer, apiServer::environment);
    TokenRefreshSchedule schedule = new TokenRefreshSchedule(tokenRefreshPercent);
    this.tokens = new TokenRefresher(vertx, workers, issuer, this, schedule, clock);
    this.patcher =
        new PodStatusPatcher(
            vertx, client, workers, statusPatches.perSecond(), statusPatches.burst(), meters);
    this.events = new EventRecorder(client, workers, COMPONENT);
    this.deadlines = new DeadlineTimers(vertx, this::deadlineExceeded);
    this.volumes = new VolumeRefresher(vertx, workers, resolver);
    this.sender = new ResolvedPodSender(vertx, workers, resolver);
    this.ephemeral = new EphemeralContainerStarter(sender);
  }

  public Future<Void> start() {
    consumers.add(
        vertx
            .eventBus()
            .consumer(Addresses.POD_REPORT, msg -> onReport(PodJobReport.fromJson(msg.body()))));
    consumers.add(
        vertx
            .eventBus()
            .consumer(Addresses.POD_EVENT, msg -> onEvent(PodEventMessage.fromJson(msg.body()))));
    consumers.add(vertx.eventBus().consumer(Addresses.BRIDGE_STARTED, msg -> onBridgeStarted()));
    informer =
        client
            .pods()
            .inAnyNamespace()
            .withField("spec.nodeName", nodeName)
            .runnableInformer(RESYNC_MS);
    informer.addEventHandler(new OnContextHandler<>(context, this::handle, this::forget));
    List<Future<Void>> registered = new ArrayList<>();
    consumers.forEach(c -> registered.add(c.completion()));
    return Future.all(registered)
        .compose(done -> workers.run(() -> ClusterId.of(client)))
        .compose(
            clusterId -> {
              owner = new JobOwner(clusterId, nodeName);
              LOG.info("[node {}] jobs are commented {}", nodeName, owner.comment("<pod uid>"));
              tokens.start(owner);
              return Future.fromCompletionStage(apiServer.start(), context)
                  .compose(known -> objects.start(context, this::objectChanged));
            })
        .compose(
            apiServerKnown -> {
              if (apiServer.environment().isEmpty()) {
                LOG.warn("default/kubernetes has no endpoint: pods get no KUBERNETES_SERVICE_HOST");
              }
              return Future.fromCompletionStage(informer.start(), context);
            })
        .compose(synced -> reconcile())
        .onSuccess(done -> informer.getStore().list().forEach(this::handle));
  }

  /** After a restart: jobs whose pods are gone are cancelled before anything new runs. */
  private Future<Void> reconcile() {
    Set<String> uids = new HashSet<>();
    informer.getStore().list().forEach(p -> uids.add(p.getMetadata().getUid()));
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.PODS_RECONCILE,
            new PodsReconcileRequest(owner, uids).toJson(),
            new DeliveryOptions().setSendTimeout(60_000))
        .map(
            reply -> {
              var cancelled = PodsReconcileReply.fromJson(reply.body()).cancelled();
              if (!cancelled.isEmpty()) {
                LOG.info("cancelled jobs of pods deleted while HPK was down: {}", cancelled);
              }
              return (Void) null;
            })
        .recover(
            e -> {
              LOG.warn(
                  "reconcile with the Slurm bridge failed: {}",
                  BusFailure.describe(Addresses.PODS_RECONCILE, e));
              return Future.succeededFuture();
            });
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return informer == null
        ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public List<Pod> pods() {
    return informer == null ? List.of() : informer.getStore().list();
  }

  public void stop() {
    tokens.stop();
    deadlines.stop();
    apiServer.stop();
    objects.stop();
    if (informer != null) {
      informer.close();
    }
    consumers.forEach(MessageConsumer::unregister);
  }

  private void handle(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(pod);
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    deadlines.watch(pod, Instant.now());
    if (requested.contains(uid)) {
      PodJobReport report = reports.get(uid);
      if (report != null && report.jobState() == SlurmJobState.RUNNING) {
        volumes.seen(pod, owner);
        ephemeral.seen(pod, report, owner);
      }
      return;
    }
    requested.add(uid);
    sender
        .send(Addresses.POD_RUN, pod, owner, COMMAND_TIMEOUT_MS)
        .onSuccess(
            resolved -> {
              LOG.debug("[{}] handed to the Slurm bridge", PodRef.of(pod));
              // A rejection reported meanwhile has taken the pod off the books.
              if (requested.contains(uid)) {
                tokens.track(PodRef.of(pod), resolved.tokens());
              }
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "[{}] not running: {}",
                  PodRef.of(pod),
                  BusFailure.describe(Addresses.POD_RUN, e));
              requested.remove(uid);
            });
  }

  /**
   * A pod being deleted: its job is stopped with the pod's grace period and the pod removed once
   * the job has ended, or at once when the bridge has no running job for it (also after a restart,
   * when only the bridge knows whether a job from before is still there).
   */
  private void terminate(Pod pod) {
    PodRef ref = PodRef.of(pod);
    tokens.forget(ref.uid());
    PodJobReport report = reports.get(ref.uid());
    if (report != null && report.ended()) {
      removeFromApiServer(ref);
      return;
    }
    if (!stopping.add(ref.uid())) {
      return;
    }
    long grace =
        pod.getMetadata().getDeletionGracePeriodSeconds() == null
            ? 30
            : pod.getMetadata().getDeletionGracePeriodSeconds();
    requestStop(ref, grace)
        .onSuccess(
            reply -> {
              if (!reply.stopping()) {
                removeFromApiServer(ref);
              }
            });
  }

  /** Asks the bridge to stop the pod's job; unconfirmed, the pod may be stopped again later. */
  private Future<PodStopReply> requestStop(PodRef ref, long graceSeconds) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.POD_STOP,
            new PodStopRequest(owner, ref, graceSeconds).toJson(),
            new DeliveryOptions().setSendTimeout(60_000))
        .map(reply -> PodStopReply.fromJson(reply.body()))
        .onFailure(
            e -> {
              LOG.warn(
                  "[{}] stop not confirmed by the Slurm bridge: {}",
                  ref,
                  BusFailure.describe(Addresses.POD_STOP, e));
              stopping.remove(ref.uid());
            });
  }

  /**
   * The pod ran longer than its activeDeadlineSeconds: it fails at once, as on a kubelet, and its
   * job is stopped with the pod's termination grace period.
   */
  private void deadlineExceeded(String uid) {
    Pod pod =
        informer.getStore().list().stream()
            .filter(p -> p.getMetadata().getUid().equals(uid))
            .findFirst()
            .orElse(null);
    if (pod == null) {
      return;
    }
    PodRef ref = PodRef.of(pod);
    LOG.info("[{}] {}: stopping its job", ref, ActiveDeadline.MESSAGE);
    // Through this JVM's bus like the bridge's events, so the status page sees this one too.
    vertx
        .eventBus()
        .publish(
            Addresses.POD_EVENT,
            new PodEventMessage(ref, true, ActiveDeadline.REASON, ActiveDeadline.MESSAGE).toJson(),
            new DeliveryOptions().setLocalOnly(true));
    PodJobReport report = reports.get(uid);
    if (report != null) {
      onReport(report);
    }
    if (!stopping.add(uid)) {
      return;
    }
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    requestStop(ref, grace == null ? 30 : grace);
  }

  /** A ConfigMap or Secret changed: the running pods of its namespace that use it get it now. */
  private void objectChanged(String namespace, String name) {
    if (informer == null || !informer.hasSynced()) {
      return;
    }
    for (Pod pod : informer.getStore().list()) {
      PodJobReport report = reports.get(pod.getMetadata().getUid());
      if (namespace.equals(pod.getMetadata().getNamespace())
          && report != null
          && report.jobState() == SlurmJobState.RUNNING
          && VolumeRefresher.uses(pod, name)) {
        volumes.changed(pod, owner);
      }
    }
  }

  private void removeFromApiServer(PodRef ref) {
    workers
        .run(
            () ->
                client
                    .pods()
                    .inNamespace(ref.namespace())
                    .withName(ref.name())
                    .withGracePeriod(0)
                    .delete())
        .onFailure(e -> LOG.warn("[{}] not removed: {}", ref, e.getMessage()));
  }

  private void forget(Pod pod) {
    PodRef ref = PodRef.of(pod);
    vertx.eventBus().send(Addresses.POD_FORGET, new PodStopRequest(owner, ref, 0).toJson());
    requested.remove(ref.uid());
    tokens.forget(ref.uid());
    stopping.remove(ref.uid());
    deadlines.forget(ref.uid());
    reports.remove(ref.uid());
    patcher.forget(ref.uid());
    volumes.forget(ref.uid());
    ephemeral.forget(ref.uid());
  }

  private void onReport(PodJobReport report) {
    Pod pod = informer.getStore().getByKey(report.pod().namespace() + "/" + report.pod().name());
    if (pod == null || !pod.getMetadata().getUid().equals(report.pod().uid())) {
      return;
    }
    reports.put(report.pod().uid(), report);
    if (report.ended()) {
      tokens.forget(report.pod().uid());
    }
    if (report.rejected()) {
      // The bridge remembers specs it can never run; anything else is worth another try.
      requested.remove(report.pod().uid());
    }
    PodStatus status = PodStatusTemplate.status(pod, report, hostIp, Instant.now());
    if (deadlines.exceeded(report.pod().uid())) {
      status = ActiveDeadline.exceeded(status);
    }
    patcher.submit(
        report.pod(), status, JobIdAnnotations.wanted(pod, report.jobId(), report.node()));
    if (pod.getMetadata().getDeletionTimestamp() != null && report.ended()) {
      removeFromApiServer(report.pod());
    }
  }

  /**
   * A bridge (re)started while this kubelet ran: it knows nothing of the pods handed to the one
   * before, so every pod is handed over again (it adopts their jobs) after orphans are cancelled.
   */
  private void onBridgeStarted() {
    if (owner == null || !informer.hasSynced()) {
      return;
    }
    LOG.info(
        "the Slurm bridge started: handing {} pods over again", informer.getStore().list().size());
    reconcile()
        .onComplete(
            done -> {
              requested.clear();
              stopping.clear();
              informer.getStore().list().forEach(this::handle);
            });
  }

  private void onEvent(PodEventMessage event) {
    events.record(event.pod(), event.warning(), event.reason(), event.message());
  }
}
