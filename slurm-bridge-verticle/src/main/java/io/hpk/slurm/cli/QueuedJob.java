package io.hpk.slurm.cli;

import io.hpk.common.bus.SlurmJobState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line of {@code squeue -h -t all --me -o '%i|%k|%T|%S|%r'}: job id, comment (the pod UID for
 * HPK's jobs), state, start time (for a pending job the time Slurm expects it to start, "" when
 * Slurm has none) and Slurm's reason. The reason comes last: it is free text.
 */
public record QueuedJob(
    String jobId, String comment, SlurmJobState state, String startTime, String reason) {

  private static final Logger LOG = LoggerFactory.getLogger(QueuedJob.class);

  public static final String FORMAT = "%i|%k|%T|%S|%r";

  public static List<QueuedJob> parse(String output) {
    List<QueuedJob> jobs = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] f = line.trim().split("\\|", 5);
      if (f.length == 5 && !f[0].isEmpty()) {
        jobs.add(new QueuedJob(f[0], f[1], SlurmJobState.parse(f[2]), time(f[3]), f[4]));
      } else if (!line.isBlank()) {
        // Its job counts as missing from this answer; one answer alone never makes a job gone.
        LOG.warn("squeue line not understood, ignored: {}", line);
      }
    }
    return jobs;
  }

  /** squeue prints N/A (or Unknown, or nothing) where it has no time. */
  private static String time(String field) {
    return field.isEmpty() || !Character.isDigit(field.charAt(0)) ? "" : field;
  }

  /** Pending or running: the job may still run containers. */
  public boolean active() {
    return state.active();
  }
}
