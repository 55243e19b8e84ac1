package io.hpk.slurm.jobs;

import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.slurm.model.JobSettings;
import io.hpk.slurm.model.PodResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the bridge's job handling needs of the installation. */
public record PodJobSettings(
    Path workDir,
    String apptainer,
    String network,
    String podNetworkHelper,
    List<Path> hostPaths,
    Set<String> localImageSchemes,
    String dnsServer,
    String clusterDomain) {

  /** The settings a pod's scripts are rendered with, once its images are SIF files. */
  JobSettings forScripts(Map<String, String> sifs, JobOwner owner) {
    return new JobSettings(
        apptainer, network, podNetworkHelper, hostPaths, sifs, dnsServer, clusterDomain, owner);
  }

  /** What the kubelet resolved for the pod: its ConfigMaps, Secrets, tokens and volumes. */
  static PodResources resources(PodRunRequest request) {
    return new PodResources(
        request.configMaps(),
        request.secrets(),
        request.serviceAccountTokens(),
        request.persistentVolumePaths(),
        request.serviceEnvironment());
  }
}
