package io.hpk.slurm.jobs;

import io.hpk.common.bus.SlurmJobState;
import io.hpk.slurm.cli.QueuedJob;
import io.hpk.slurm.cli.SlurmCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A Slurm that keeps its queue in memory and records every command, for the bridge's tests. */
final class FakeSlurm implements SlurmCli {

  private final AtomicInteger nextJobId = new AtomicInteger(100);
  private final Map<String, QueuedJob> queue = new LinkedHashMap<>();
  final List<String> commands = new ArrayList<>();
  volatile String refusal;

  /** sbatch queues the job but its answer is lost (a timeout, a slurmctld restart). */
  volatile boolean loseAnswer;

  /** slurmctld is down: squeue and scancel fail as they do then. */
  volatile boolean controllerDown;

  /** How many scancels fail before one works. */
  volatile int cancelFailures;

  @Override
  public synchronized String submit(Path script) throws IOException {
    commands.add("sbatch " + script.getFileName());
    if (refusal != null) {
      throw new SlurmException(refusal);
    }
    String jobId = Integer.toString(nextJobId.getAndIncrement());
    String comment = commentOf(script);
    queue.put(jobId, new QueuedJob(jobId, comment, SlurmJobState.PENDING, "", "Priority"));
    if (loseAnswer) {
      throw new IOException("sbatch timed out after 60 s");
    }
    return jobId;
  }

  @Override
  public synchronized List<QueuedJob> queue() throws IOException {
    commands.add("squeue");
    if (controllerDown) {
      throw new SlurmException(
          "squeue failed: slurm_load_jobs error: Unable to contact slurm controller");
    }
    return new ArrayList<>(queue.values());
  }

  @Override
  public synchronized void terminate(String jobId) {
    commands.add("scancel --signal=TERM " + jobId);
  }

  @Override
  public synchronized void cancel(String jobId) throws IOException {
    commands.add("scancel " + jobId);
    if (cancelFailures > 0) {
      cancelFailures--;
      throw new SlurmException("scancel failed: Unable to contact slurm controller");
    }
    set(jobId, SlurmJobState.CANCELLED);
  }

  /** A job Slurm ran before the bridge started, with its comment. */
  synchronized void existing(String jobId, String comment, SlurmJobState state) {
    queue.put(jobId, new QueuedJob(jobId, comment, state, "", "None"));
  }

  synchronized SlurmJobState state(String jobId) {
    return queue.get(jobId).state();
  }

  synchronized void set(String jobId, SlurmJobState state) {
    QueuedJob job = queue.get(jobId);
    queue.put(jobId, new QueuedJob(jobId, job.comment(), state, "", "None"));
  }

  /** The job waits for Slurm's reason, expected to start at {@code start} ("" for no estimate). */
  synchronized void pend(String jobId, String reason, String start) {
    QueuedJob job = queue.get(jobId);
    queue.put(jobId, new QueuedJob(jobId, job.comment(), SlurmJobState.PENDING, start, reason));
  }

  /** Slurm's MinJobAge has passed: squeue no longer lists the job. */
  synchronized void purge(String jobId) {
    queue.remove(jobId);
  }

  synchronized long count(String prefix) {
    return commands.stream().filter(c -> c.startsWith(prefix)).count();
  }

  private static String commentOf(Path script) throws IOException {
    String text = java.nio.file.Files.readString(script);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--comment=(\\S+)").matcher(text);
    return m.find() ? m.group(1) : "";
  }
}
