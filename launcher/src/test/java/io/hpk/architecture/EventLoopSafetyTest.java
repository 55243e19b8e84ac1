package io.hpk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What can block an event loop and is visible in the byte code stays out of event-loop code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopSafetyTest {

  /**
   * The classes allowed to call java.nio.file.Files: each does its file work only on a worker pool
   * (WorkerPool.run or executeBlocking) or before any verticle runs. Adding a class here needs the
   * same kind of reason.
   */
  private static final List<String> WORKER_SIDE_FILE_ACCESS =
      List.of(
          // register() reads the webhook CA and writeUpstream() the CoreDNS snippet, both in
          // workers.run.
          "io.hpk.dns.DnsServiceVerticle",
          // Security.read loads the TLS files in workers.run before the server listens.
          "io.hpk.kubelet.server.KubeletServer",
          // fromCaFile is called only from KubeletServer.Security.read (worker pool).
          "io.hpk.kubelet.server.ClientCertificateAuthenticator",
          // ensure() runs in workers.run from KubeletVerticle.startServer.
          "io.hpk.kubelet.server.ServingCertificateRequest",
          // open() and readState() run in workers.run for each log request and follow check.
          "io.hpk.kubelet.logs.ContainerLogRoutes",
          // currentRun() runs in executeBlocking on the session's ordered worker.
          "io.hpk.kubelet.streaming.AttachSession",
          // srunTerminal() reads /proc inside executeBlocking.
          "io.hpk.kubelet.streaming.ExecSession",
          // write, containerStates and podIp are called by JobSubmission and JobTracker inside
          // workers.run.
          "io.hpk.slurm.jobs.PodDirectoryFiles",
          "io.hpk.slurm.jobs.TerminationMessage",
          // pull() runs in workers.run. needsPull() is a stat of one cache file on the caller's
          // context: known, kept until PodJobs asks for it from a worker.
          "io.hpk.slurm.images.ImageCache",
          // read() is called by UsageSampler, which UsageCollector runs in workers.run.
          "io.hpk.slurm.usage.JobUsageFile",
          // run() executes on the bridge's own hpk-site-check worker pool.
          "io.hpk.slurm.site.SiteCheck",
          // resolve() looks at the local PATH directories once, while the bridge starts.
          "io.hpk.slurm.cli.Executables",
          // clientConfig() checks the kubeconfig once at JVM start, before any verticle is
          // deployed.
          "io.hpk.launcher.KubernetesClients",
          // of() and read() check the cluster's TLS files and read its secret once at JVM start,
          // before the clustered Vert.x exists.
          "io.hpk.launcher.ClusterSecurity",
          "io.hpk.launcher.ClusterSecret",
          // hpk doctor runs its checks on its own threads in a JVM without verticles.
          "io.hpk.launcher.doctor.PodNetworkCheck",
          "io.hpk.launcher.doctor.SubordinateIdsCheck",
          "io.hpk.launcher.doctor.WorkDirCheck");

  private static final DescribedPredicate<JavaClass> NOT_WORKER_SIDE =
      DescribedPredicate.describe(
          "are not allow-listed worker-side file access " + WORKER_SIDE_FILE_ACCESS,
          c ->
              WORKER_SIDE_FILE_ACCESS.stream()
                  .noneMatch(
                      name -> c.getName().equals(name) || c.getName().startsWith(name + "$")));

  /** Only the allow-listed worker-side classes call java.nio.file.Files. */
  @Test
  void fileAccessOnlyFromWorkerSideClasses() {
    noClasses()
        .that(NOT_WORKER_SIDE)
        .should()
        .accessClassesThat()
        .belongToAnyOf(Files.class)
        .because("file I/O on a shared filesystem can block; it belongs on a worker pool")
        .check(HpkClasses.MAIN);
  }

  /** Every allow-listed class still exists, so the list cannot outlive the code it excuses. */
  @Test
  void everyAllowListedClassExists() {
    assertThat(WORKER_SIDE_FILE_ACCESS).allMatch(name -> HpkClasses.MAIN.contain(name));
  }

  /** No main code sleeps a thread: waiting is a Vert.x timer or a back-off. */
  @Test
  void noThreadSleep() {
    noClasses()
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callMethod(Thread.class, "sleep", Duration.class)
        .check(HpkClasses.MAIN);
  }
}
