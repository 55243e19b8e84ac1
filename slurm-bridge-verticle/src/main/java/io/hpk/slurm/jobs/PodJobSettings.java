package io.hpk.slurm.jobs;

import java.nio.file.Path;
import java.util.List;
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
    String clusterDomain) {}
