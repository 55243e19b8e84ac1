package io.hpk.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.lab.SlurmLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab's site part for unprivileged pods: the HPC user's job on a compute node holds a network
 * namespace in a user namespace of its own, the admin's pod-network helper (through sudo) attaches
 * it to the node's pod network, and an Apptainer container started in it as that user gets the
 * address, uid 0 inside being the user outside. The helper refuses processes of others and bad ids.
 */
@Timeout(300)
class PodNetworkHelperIT {

  /** The tests run as the lab's HPC user (make drops to it), never as root. */
  private static final String USER = System.getProperty("user.name");

  private static final String HELPER = "/usr/local/libexec/hpk/pod-network";
  private static final Pattern POD_IP = Pattern.compile("inet (10\\.244\\.(\\d+)\\.\\d+)/24");

  @Test
  void userSandboxGetsThePodAddressOfItsNodeAndTheHelperRefusesOthers() throws Exception {
    assertThat(USER).as("the HPC user runs the tests").isNotEqualTo("root");
    Path dir = Files.createTempDirectory("hpk-podnet-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path sif = dir.resolve("busybox.sif");
    ProcessRunner.Result pull =
        SlurmLab.run("apptainer", "-q", "pull", sif.toString(), SlurmLab.IMAGE);
    assertThat(pull.exitCode()).as("apptainer pull: %s", pull.stderr()).isZero();
    Path script = dir.resolve("job.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/bash",
            "unshare --map-root-user --map-auto --net sleep 120 & sandbox=$!",
            "sleep 0.5",
            "echo node=$(hostname)",
            "sudo -n " + HELPER + " add it-$SLURM_JOB_ID $sandbox > /dev/null || echo add-failed",
            "nsenter --user --net --preserve-credentials -t $sandbox -- apptainer -q exec "
                + sif
                + " sh -c 'echo inside=$(id -u); echo $$ > "
                + dir.resolve("inner.pid")
                + "; ip -4 -o addr show eth0; sleep 2' &",
            "sleep 1",
            "echo outside=$(ps -o user= -p $(cat " + dir.resolve("inner.pid") + "))",
            "wait %2",
            "sudo -n " + HELPER + " add other-$SLURM_JOB_ID 1 2> /dev/null || echo pid1-refused",
            "sudo -n " + HELPER + " add 'x;y' $sandbox 2> /dev/null || echo badid-refused",
            "sudo -n " + HELPER + " del it-$SLURM_JOB_ID || echo del-failed",
            "kill $sandbox",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path output = dir.resolve("job.out");

    ProcessRunner.Result job =
        new ProcessRunner()
            .run(
                List.of(
                    "bash",
                    "-c",
                    "cd " + dir + " && sbatch --wait --time=3 -o " + output + " " + script),
                Duration.ofSeconds(240));

    String out = Files.exists(output) ? Files.readString(output) : "(no output)";
    assertThat(job.exitCode()).as("sbatch as %s: %s\n%s", USER, job.stderr(), out).isZero();
    Matcher ip = POD_IP.matcher(out);
    assertThat(ip.find()).as("a pod address in:\n%s", out).isTrue();
    Matcher node = Pattern.compile("node=c(\\d+)").matcher(out);
    assertThat(node.find()).as(out).isTrue();
    assertThat(ip.group(2)).as("the subnet of node c%s", node.group(1)).isEqualTo(node.group(1));
    assertThat(out).contains("inside=0").doesNotContain("add-failed", "del-failed");
    assertThat(out).contains("pid1-refused", "badid-refused");
    assertThat(out).containsPattern("outside=[^\\n]*" + USER).doesNotContain("outside=root");
  }
}
