package io.hpk.launcher.doctor;

import io.hpk.common.config.ConfigKey;
import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.site.SiteCheck;
import io.hpk.slurm.site.SiteRequirement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Slurm bridge's own site check: a job of this user on a compute node writes its findings into
 * the work directory (so the directory is shared), runs Apptainer, makes a user namespace and
 * attaches a sandbox to the pod network, as a pod's job will.
 */
final class ComputeNodeCheck implements DoctorCheck {

  /** Long enough for a free node to start the job, short enough for a doctor. */
  private static final Duration JOB_LIMIT = Duration.ofSeconds(60);

  private final SiteCheck siteCheck;
  private final Path workDir;

  ComputeNodeCheck(ProcessRunner runner, SiteCheck.Settings settings) {
    this.siteCheck = new SiteCheck(runner, settings, JOB_LIMIT);
    this.workDir = settings.workDir();
  }

  @Override
  public String name() {
    return "compute-node";
  }

  @Override
  public Duration timeout() {
    // The site check may also ask slurmctld and cancel its job, each bounded by 20 s.
    return JOB_LIMIT.plusSeconds(50);
  }

  @Override
  public CheckResult run() {
    Optional<String> problem = WorkDirCheck.problem(workDir);
    if (problem.isPresent()) {
      return CheckResult.fail(
          name(), "not run: " + problem.get(), "see " + ConfigKey.SLURM_WORK_DIR.key());
    }
    // A met slurm requirement is what the slurm line already says.
    List<SiteRequirement> found =
        siteCheck.run().stream().filter(r -> !(r.met() && r.name().equals("slurm"))).toList();
    List<SiteRequirement> missing = found.stream().filter(r -> !r.met()).toList();
    if (missing.isEmpty()) {
      return CheckResult.ok(name(), joined(found));
    }
    return CheckResult.fail(name(), joined(missing), "");
  }

  private static String joined(List<SiteRequirement> requirements) {
    return requirements.stream()
        .map(r -> r.name() + ": " + r.detail())
        .collect(Collectors.joining("; "));
  }
}
