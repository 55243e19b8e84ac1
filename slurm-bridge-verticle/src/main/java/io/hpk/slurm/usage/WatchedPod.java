package io.hpk.slurm.usage;

import io.hpk.common.bus.PodRef;
import io.hpk.common.pod.PodDirectory;
import java.util.List;

/** A pod whose job runs here, with the containers its last report called running. */
record WatchedPod(PodRef pod, PodDirectory paths, List<RunningContainer> containers) {

  /** A container run: its name and when the job script started it (epoch ms). */
  record RunningContainer(String name, long startedAtMillis) {}
}
