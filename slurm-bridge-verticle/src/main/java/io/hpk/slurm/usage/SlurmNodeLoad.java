package io.hpk.slurm.usage;

import java.util.HashSet;
import java.util.Set;

/**
 * CPU load and memory of all compute nodes together, as each node's slurmd reports them to Slurm:
 * {@code sinfo -h -N -o FORMAT}, one line per node and partition.
 *
 * @param cpuLoad the nodes' load averages summed (cores busy)
 * @param memoryMegabytes the nodes' configured memory summed
 * @param freeMegabytes the nodes' free memory summed
 */
record SlurmNodeLoad(double cpuLoad, long memoryMegabytes, long freeMegabytes) {

  static final String FORMAT = "%N %O %e %m";

  private static final long MEBIBYTE = 1024 * 1024;

  static SlurmNodeLoad parse(String sinfo) {
    Set<String> seen = new HashSet<>();
    double load = 0;
    long memory = 0;
    long free = 0;
    for (String line : sinfo.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length != 4 || !seen.add(fields[0])) {
        continue;
      }
      load += number(fields[1]);
      free += (long) number(fields[2]);
      memory += (long) number(fields[3]);
    }
    return new SlurmNodeLoad(load, memory, free);
  }

  long usedBytes() {
    return Math.max(0, memoryMegabytes - freeMegabytes) * MEBIBYTE;
  }

  long freeBytes() {
    return Math.min(freeMegabytes, memoryMegabytes) * MEBIBYTE;
  }

  /** A node that does not respond reports N/A. */
  private static double number(String field) {
    try {
      return Double.parseDouble(field);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
