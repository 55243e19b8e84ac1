package io.hpk.slurm;

import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.model.SinfoNodes;
import io.hpk.slurm.model.ToolVersions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads capacity and versions from the Slurm and Apptainer command-line tools. Blocking. */
final class SlurmClusterProbe {

  private static final Logger LOG = LoggerFactory.getLogger(SlurmClusterProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ProcessRunner runner = new ProcessRunner();
  private String slurmVersion = "";
  private String apptainerVersion = "";

  SlurmClusterInfo read() {
    if (slurmVersion.isEmpty()) {
      slurmVersion = version("sinfo");
      apptainerVersion = version("apptainer");
    }
    try {
      ProcessRunner.Result result =
          runner.run(List.of("sinfo", "-h", "-N", "-o", SinfoNodes.FORMAT), TIMEOUT);
      if (!result.ok()) {
        LOG.warn("sinfo failed with exit code {}: {}", result.exitCode(), result.stderr().trim());
        return SlurmClusterInfo.silent(slurmVersion, apptainerVersion);
      }
      SinfoNodes nodes = SinfoNodes.parse(result.stdout());
      return new SlurmClusterInfo(
          nodes.cpus(),
          nodes.memoryMegabytes(),
          nodes.gpus(),
          slurmVersion,
          apptainerVersion,
          true,
          nodes.partitions());
    } catch (IOException e) {
      LOG.warn("sinfo could not run: {}", e.getMessage());
      return SlurmClusterInfo.silent(slurmVersion, apptainerVersion);
    }
  }

  private String version(String tool) {
    try {
      ProcessRunner.Result result = runner.run(List.of(tool, "--version"), TIMEOUT);
      return result.ok() ? ToolVersions.parse(result.stdout()) : "";
    } catch (IOException e) {
      LOG.warn("{} --version could not run: {}", tool, e.getMessage());
      return "";
    }
  }
}
