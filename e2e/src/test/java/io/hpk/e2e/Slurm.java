package io.hpk.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The lab's Slurm as seen with squeue: what jobs HPK left there. */
final class Slurm {

  private Slurm() {}

  /**
   * Active (pending or running) jobs whose comment names the given pod (hpk/cluster/node/uid, or
   * hpk/cluster/node/uid+uid… for a gang's job).
   */
  static List<String> activeJobsOfPod(String podUid) {
    return squeue("-h", "-t", "PENDING,RUNNING,CONFIGURING,COMPLETING", "-o", "%i|%k").stream()
        .filter(line -> namesPod(line, podUid))
        .map(line -> line.substring(0, line.indexOf('|')))
        .toList();
  }

  /** Every job, any state, whose comment names the given pod. */
  static List<String> allJobsOfPod(String podUid) {
    return squeue("-h", "-t", "all", "-o", "%i|%k").stream()
        .filter(line -> namesPod(line, podUid))
        .map(line -> line.substring(0, line.indexOf('|')))
        .toList();
  }

  /** How many of the given pods have a job, in any state, from one squeue. */
  static long podsWithJobs(List<String> podUids) {
    List<String> comments = squeue("-h", "-t", "all", "-o", "%k");
    return podUids.stream()
        .filter(uid -> comments.stream().anyMatch(c -> namesPod(c, uid)))
        .count();
  }

  /** Whether a job comment (or a line ending with one) names the pod: alone or in a gang. */
  private static boolean namesPod(String comment, String podUid) {
    int at = comment.lastIndexOf('/');
    return at >= 0 && List.of(comment.substring(at + 1).split("\\+")).contains(podUid);
  }

  /** The compute node a job runs on (Slurm's node list of a one-node job); "" when it has none. */
  static String nodeOfJob(String jobId) {
    return squeue("-h", "-j", jobId, "-o", "%N").stream().findFirst().orElse("");
  }

  static List<String> squeue(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("squeue"));
    command.addAll(List.of(args));
    return run(command).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** A Slurm command as the test's user (scontrol hold, scancel: what a user does by hand). */
  static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
