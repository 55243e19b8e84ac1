package io.hpk.slurm.jobs;

import java.nio.file.Path;
import java.util.List;

/** What the bridge's job handling needs of the installation. */
public record PodJobSettings(
    Path workDir,
    String apptainer,
    String network,
    String podNetworkHelper,
    List<Path> hostPaths,
    String dnsServer,
    String clusterDomain) {}
