package io.hpk.slurm.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Totals of the Slurm nodes that can run jobs, from {@code sinfo -h -N -o '%N|%c|%m|%G|%T'}. A node
 * in several partitions is listed once per partition and counted once.
 */
public record SinfoNodes(long cpus, long memoryMegabytes, long gpus, int usableNodes) {

  /** The sinfo arguments whose output {@link #parse} reads. */
  public static final String FORMAT = "%N|%c|%m|%G|%T";

  private static final Set<String> UNUSABLE_STATES =
      Set.of(
          "down",
          "drain",
          "drained",
          "draining",
          "fail",
          "failing",
          "future",
          "unknown",
          "no_respond");
  private static final Pattern GPU_GRES = Pattern.compile("gpu(?::[^:(,]+)?:(\\d+)");

  public static SinfoNodes parse(String output) {
    Map<String, String[]> nodes = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] fields = line.trim().split("\\|");
      if (fields.length == 5) {
        nodes.putIfAbsent(fields[0], fields);
      }
    }
    long cpus = 0;
    long memory = 0;
    long gpus = 0;
    int usable = 0;
    for (String[] node : nodes.values()) {
      if (!usable(node[4])) {
        continue;
      }
      usable++;
      cpus += parseLong(node[1]);
      memory += parseLong(node[2]);
      gpus += gpus(node[3]);
    }
    return new SinfoNodes(cpus, memory, gpus, usable);
  }

  /**
   * Counts GPUs in a gres string such as {@code gpu:2}, {@code gpu:a100:4(S:0-1)} or {@code
   * (null)}.
   */
  static long gpus(String gres) {
    long total = 0;
    Matcher matcher = GPU_GRES.matcher(gres);
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }

  /** States look like {@code idle}, {@code mixed}, {@code down*} or {@code idle+drain}. */
  private static boolean usable(String state) {
    String normalized = state.toLowerCase(Locale.ROOT).replace("*", "");
    for (String part : normalized.split("\\+")) {
      if (UNUSABLE_STATES.contains(part)) {
        return false;
      }
    }
    return true;
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim().replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
