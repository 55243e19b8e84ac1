package io.hpk.slurm.model;

import io.hpk.common.bus.SlurmPartition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Totals of the Slurm nodes that can run jobs, and each partition's, from {@code sinfo -h -N -o
 * '%N|%c|%m|%G|%T|%R|%a|%C'}: one line per node and partition (its CPUs as allocated/idle/other/
 * total). A node in several partitions is counted once in the totals.
 */
public record SinfoNodes(
    long cpus, long memoryMegabytes, long gpus, int usableNodes, List<SlurmPartition> partitions) {

  /** The sinfo arguments whose output {@link #parse} reads. */
  public static final String FORMAT = "%N|%c|%m|%G|%T|%R|%a|%C";

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
    Map<String, SlurmPartition> partitions = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] fields = line.trim().split("\\|");
      if (fields.length == 8) {
        nodes.putIfAbsent(fields[0], fields);
        partitions.merge(fields[5], partitionLine(fields), SinfoNodes::sum);
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
    return new SinfoNodes(cpus, memory, gpus, usable, List.copyOf(partitions.values()));
  }

  /** One node's share of its partition: {@code %C} is allocated/idle/other/total. */
  private static SlurmPartition partitionLine(String[] node) {
    boolean usable = usable(node[4]);
    String[] cpus = node[7].split("/");
    long idle = usable && cpus.length == 4 ? parseLong(cpus[1]) : 0;
    long total = usable && cpus.length == 4 ? parseLong(cpus[3]) : 0;
    return new SlurmPartition(
        node[5], "up".equals(node[6]), idle, total, usable ? gpus(node[3]) : 0, usable ? 1 : 0, 1);
  }

  private static SlurmPartition sum(SlurmPartition a, SlurmPartition b) {
    return new SlurmPartition(
        a.name(),
        a.up(),
        a.idleCpus() + b.idleCpus(),
        a.cpus() + b.cpus(),
        a.gpus() + b.gpus(),
        a.usableNodes() + b.usableNodes(),
        a.nodes() + b.nodes());
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
