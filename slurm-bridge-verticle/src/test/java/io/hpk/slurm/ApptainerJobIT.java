package io.hpk.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.lab.SlurmLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab's Slurm runs a job whose command runs in the test image under Apptainer with a CNI IP.
 */
@Timeout(400)
class ApptainerJobIT {

  private static final Pattern POD_IP = Pattern.compile("inet (10\\.244\\.\\d+\\.\\d+)/");

  @Test
  void slurmJobRunsTheTestImageUnderApptainerOnTheLabBridge() throws Exception {
    Path dir = Files.createDirectories(SlurmLab.STATE.resolve("it"));
    Path dir2 = Files.createTempDirectory(dir, "apptainer-job-");
    Path output = dir2.resolve("job.out");
    Path script = dir2.resolve("job.sh");
    // Images are pulled on the login node, as HPK does: the registry listens on its loopback.
    Path sif = dir2.resolve("busybox.sif");
    ProcessRunner.Result pull =
        SlurmLab.run("apptainer", "-q", "pull", sif.toString(), SlurmLab.IMAGE);
    assertThat(pull.exitCode()).as("apptainer pull: %s", pull.stderr()).isZero();
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/bash",
            "#SBATCH --job-name=hpk-it-apptainer",
            "#SBATCH --output=" + output,
            "#SBATCH --time=5",
            "set -e",
            "apptainer exec --net --network "
                + SlurmLab.NETWORK
                + " "
                + sif
                + " sh -c 'echo hello-from-apptainer; cat /etc/os-release 2>/dev/null || true;"
                + " ip -4 -o addr show eth0'",
            ""));

    String job = SlurmLab.sbatch(script);
    String state = SlurmLab.awaitEnd(job, Duration.ofSeconds(300));

    String out = Files.exists(output) ? Files.readString(output) : "(no output file)";
    assertThat(state).as("job %s output:\n%s", job, out).isEqualTo("COMPLETED");
    assertThat(out).contains("hello-from-apptainer");
    Matcher ip = POD_IP.matcher(out);
    assertThat(ip.find()).as("a 10.244.x.y address on eth0 in:\n%s", out).isTrue();
    String node = SlurmLab.run("squeue", "-h", "-t", "all", "-j", job, "-o", "%N").stdout().trim();
    assertThat(node).as("the compute node of job %s", job).matches("c[0-9]+");
    assertThat(ip.group(1))
        .as("an address of %s's pod subnet", node)
        .startsWith("10.244." + node.substring(1) + ".")
        .doesNotEndWith(".1");
  }
}
