package io.hpk.slurm.usage;

import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The usage file a pod's job writes on its compute node (see {@link PodDirectory#usageFile()}).
 *
 * @param timestampMillis when the job took the sample
 * @param containers by container name
 */
record JobUsageFile(long timestampMillis, Map<String, Sample> containers) {

  /** One container's processes: CPU time, its rate (-1: none yet), PSS and RSS bytes. */
  record Sample(long cpuNanos, long nanoCores, long pssBytes, long rssBytes) {}

  /** Empty while the job has not written one, or when it is not readable as one. */
  static Optional<JobUsageFile> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<JobUsageFile> parse(String text) {
    String[] lines = text.split("\n");
    try {
      long timestamp = Long.parseLong(lines[0].trim());
      Map<String, Sample> containers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].trim().split(" ");
        if (f.length == 5) {
          containers.put(
              f[0],
              new Sample(
                  Long.parseLong(f[1]),
                  Long.parseLong(f[2]),
                  Long.parseLong(f[3]),
                  Long.parseLong(f[4])));
        }
      }
      return Optional.of(new JobUsageFile(timestamp, Map.copyOf(containers)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
