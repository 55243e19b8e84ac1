package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.PodDirectoryLayout;
import java.nio.file.Path;

/**
 * Files and paths of one pod on the shared filesystem: {@code <workDir>/<namespace>/<pod>-<uid8>/}.
 */
public record PodPaths(Path dir) {

  public static PodPaths of(Path workDir, Pod pod) {
    String namespace =
        KubernetesNames.dnsLabel(pod.getMetadata().getNamespace(), "metadata.namespace");
    String name = KubernetesNames.dnsSubdomain(pod.getMetadata().getName(), "metadata.name");
    String uid = KubernetesNames.uid(pod.getMetadata().getUid());
    return new PodPaths(PodDirectoryLayout.podDir(workDir, namespace, name, uid));
  }

  public Path jobScript() {
    return dir.resolve("job.sh");
  }

  /** Where sbatch sends the job's own stdout and stderr. */
  public Path jobOutput() {
    return dir.resolve("job.out");
  }

  /** Written by the job script once the pod's network sandbox has its address. */
  public Path podIpFile() {
    return dir.resolve("pod.ip");
  }

  public Path statusDir() {
    return dir.resolve("status");
  }

  /** JSON state of one container, replaced atomically by the job script after every change. */
  public Path containerStatus(String container) {
    return statusDir().resolve(containerFile(container, ".json"));
  }

  /**
   * The pid whose process tree is the container's current run, written by the job script when it
   * starts the container; read by exec and by the job's own usage sampler.
   */
  public Path containerPid(String container) {
    return statusDir().resolve(containerFile(container, ".pid"));
  }

  /**
   * Written every few seconds by the job on its compute node: a line with the sample's time (epoch
   * ms), then one per running container: name, CPU ns, nanocores (-1: no rate yet), PSS and RSS
   * bytes.
   */
  public Path usage() {
    return dir.resolve("usage");
  }

  public Path logsDir() {
    return dir.resolve("logs");
  }

  /** The current run's output in CRI log format. */
  public Path containerLog(String container) {
    return logsDir().resolve(containerFile(container, ".log"));
  }

  /** The output of the run before the last restart. */
  public Path previousLog(String container) {
    return logsDir().resolve(containerFile(container, ".previous.log"));
  }

  public Path volumesDir() {
    return dir.resolve("volumes");
  }

  /** The pod's resolv.conf, bound over /etc/resolv.conf in every container. */
  public Path resolvConf() {
    return dir.resolve(PodDnsFiles.RESOLV_CONF);
  }

  /** The pod's hosts file, written once the pod IP is known, bound over /etc/hosts. */
  public Path hostsFile() {
    return dir.resolve(PodDnsFiles.HOSTS);
  }

  private static String containerFile(String container, String suffix) {
    return KubernetesNames.dnsLabel(container, "container name") + suffix;
  }
}
