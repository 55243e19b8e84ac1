package io.hpk.slurm.site;

import io.hpk.slurm.cli.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks, at start, what pods will need from the site: Slurm answering, and on a compute node, in a
 * job of this user, the shared work directory, Apptainer, user namespaces and the pod network.
 * Blocking: run it on a worker pool (the job may wait in the queue).
 */
public final class SiteCheck {

  /** The settings the check is about, as the pods' jobs will use them. */
  public record Settings(Path workDir, String apptainer, String network, String networkHelper) {}

  private static final Duration QUICK = Duration.ofSeconds(20);

  private final ProcessRunner runner;
  private final Settings settings;
  private final Duration jobLimit;

  public SiteCheck(ProcessRunner runner, Settings settings, Duration jobLimit) {
    this.runner = runner;
    this.settings = settings;
    this.jobLimit = jobLimit;
  }

  public List<SiteRequirement> run() {
    List<SiteRequirement> found = new ArrayList<>();
    SiteRequirement slurm = slurm();
    found.add(slurm);
    if (slurm.met()) {
      found.addAll(onComputeNode());
    }
    return found;
  }

  private SiteRequirement slurm() {
    try {
      ProcessRunner.Result ping = runner.run(List.of("scontrol", "ping"), QUICK);
      String answer = (ping.stdout() + ping.stderr()).trim();
      return ping.ok() && answer.contains("UP")
          ? SiteRequirement.ok("slurm", answer)
          : SiteRequirement.missing(
              "slurm", "scontrol ping: " + answer + ": slurmctld must answer this login node");
    } catch (IOException e) {
      return SiteRequirement.missing(
          "slurm", e.getMessage() + ": Slurm's client commands must be on the PATH");
    }
  }

  private List<SiteRequirement> onComputeNode() {
    Path dir = settings.workDir().resolve(".site-check");
    Path script = dir.resolve("check.sh");
    try {
      clear(dir);
      Files.createDirectories(dir);
      Files.writeString(
          script,
          SiteCheckScript.render(
              dir, settings.apptainer(), settings.network(), settings.networkHelper()));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      return List.of(
          SiteRequirement.missing(
              "shared-work-dir", "cannot write " + dir + " (" + e + "): set slurm.work-dir"));
    }
    String name = "hpk-site-check-" + ProcessHandle.current().pid();
    ProcessRunner.Result job;
    try {
      job = runner.run(sbatch(name, dir, script), jobLimit);
    } catch (IOException e) {
      cancel(name);
      return List.of(
          SiteRequirement.missing(
              "compute-node-job",
              "the check job "
                  + name
                  + " did not end within "
                  + jobLimit.toMinutes()
                  + " min (squeue shows why it waits)"));
    }
    Path result = dir.resolve("result");
    if (!Files.exists(result)) {
      return List.of(noResult(job, dir));
    }
    try {
      return SiteRequirement.parse(Files.readString(result));
    } catch (IOException e) {
      return List.of(
          SiteRequirement.missing("shared-work-dir", "cannot read " + result + ": " + e));
    }
  }

  private static List<String> sbatch(String name, Path dir, Path script) {
    return List.of(
        "sbatch",
        "--wait",
        "--parsable",
        "--job-name=" + name,
        "--time=5",
        "--ntasks=1",
        "--chdir=" + dir,
        "--output=" + dir.resolve("job.out"),
        script.toString());
  }

  private static SiteRequirement noResult(ProcessRunner.Result job, Path dir) {
    if (job.stdout().isBlank()) {
      return SiteRequirement.missing(
          "compute-node-job", "sbatch refused the check job: " + job.stderr().trim());
    }
    return SiteRequirement.missing(
        "shared-work-dir",
        "job "
            + job.stdout().trim()
            + " ended (exit "
            + job.exitCode()
            + ") without writing to "
            + dir
            + ": slurm.work-dir must be on a filesystem the compute nodes share with this login"
            + " node");
  }

  private void cancel(String name) {
    try {
      runner.run(
          List.of("scancel", "--user=" + System.getProperty("user.name"), "--name=" + name), QUICK);
    } catch (IOException e) {
      // The job's own --time ends it.
    }
  }

  private static void clear(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
