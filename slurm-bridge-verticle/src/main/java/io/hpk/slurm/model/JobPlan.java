package io.hpk.slurm.model;

import io.hpk.common.pod.PodDirectory;
import java.util.List;

/**
 * What to write for one pod: the files (relative to {@link PodDirectory#dir()}), then the job
 * script at {@link PodDirectory#jobScript()}.
 */
public record JobPlan(String script, List<PlannedFile> files) {

  public JobPlan {
    files = List.copyOf(files);
  }
}
