package io.hpk.slurm.model;

import io.hpk.common.bus.JobOwner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings of this HPK installation that shape every job script.
 *
 * @param apptainer the apptainer command
 * @param network the nodes' CNI pod network; "" runs every pod on the host network
 * @param networkHelper the site's root helper that attaches a pod sandbox to that network
 * @param allowedHostPaths hostPath volumes must lie below one of these
 * @param images image reference as written in a pod spec → what apptainer runs (a SIF path)
 * @param dnsServer CoreDNS as pods reach it; "" gives every pod the node's resolv.conf
 * @param clusterDomain the cluster's DNS domain (cluster.local)
 * @param owner whose job it is: its comment names the owner and the pod
 */
public record JobSettings(
    String apptainer,
    String network,
    String networkHelper,
    List<Path> allowedHostPaths,
    Map<String, String> images,
    String dnsServer,
    String clusterDomain,
    JobOwner owner) {

  /** Settings without cluster DNS: pods get the node's resolv.conf. */
  public JobSettings(
      String apptainer,
      String network,
      String networkHelper,
      List<Path> allowedHostPaths,
      Map<String, String> images,
      JobOwner owner) {
    this(apptainer, network, networkHelper, allowedHostPaths, images, "", "cluster.local", owner);
  }
}
