package io.hpk.slurm.usage;

/**
 * One process as {@code /proc/<pid>/stat} shows it.
 *
 * @param pid the process
 * @param parent its parent
 * @param cpuTicks CPU time of the process and of its children it has waited for (utime + stime +
 *     cutime + cstime), in clock ticks
 * @param startTicks when it started, in clock ticks after boot
 */
record ProcessSample(int pid, int parent, long cpuTicks, long startTicks) {

  /**
   * Parses a stat line; the command name may hold spaces and parentheses, so fields follow the last
   * ')'.
   */
  static ProcessSample parse(String stat) {
    int open = stat.indexOf(' ');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < 0) {
      throw new IllegalArgumentException("not a /proc stat line: " + stat);
    }
    String[] f = stat.substring(close + 2).trim().split(" +");
    // f[0] is field 3 (state): field n of proc(5) is f[n - 3].
    return new ProcessSample(
        Integer.parseInt(stat.substring(0, open)),
        Integer.parseInt(f[1]),
        Long.parseLong(f[11])
            + Long.parseLong(f[12])
            + Long.parseLong(f[13])
            + Long.parseLong(f[14]),
        Long.parseLong(f[19]));
  }
}
