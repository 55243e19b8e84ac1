package io.hpk.slurm.model;

import java.util.List;

/**
 * What to write for one pod: the files (relative to {@link PodPaths#dir()}), then the job script at
 * {@link PodPaths#jobScript()}.
 */
public record JobPlan(String script, List<PlannedFile> files) {

  public JobPlan {
    files = List.copyOf(files);
  }
}
