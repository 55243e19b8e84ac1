package io.hpk.slurm.usage;

import java.util.HashMap;
import java.util.Map;

/** Parsers for the machine-wide files {@code /proc/stat} and {@code /proc/meminfo}. */
final class MachineStats {

  private MachineStats() {}

  /** Busy CPU ticks of all cores from the {@code cpu} line: everything but idle and iowait. */
  static long busyTicks(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split(" +");
        long busy = 0;
        // user nice system idle iowait irq softirq steal; guest time is already in user and nice.
        for (int i = 1; i <= 8 && i < f.length; i++) {
          if (i != 4 && i != 5) {
            busy += Long.parseLong(f[i]);
          }
        }
        return busy;
      }
    }
    throw new IllegalArgumentException("/proc/stat has no cpu line");
  }

  /** Boot time in epoch seconds ({@code btime}). */
  static long bootTimeSeconds(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("btime ")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new IllegalArgumentException("/proc/stat has no btime line");
  }

  /** The {@code kB} fields of a meminfo-style text (meminfo, smaps_rollup, status), in bytes. */
  static Map<String, Long> kilobyteFields(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.endsWith(" kB")) {
        String value = line.substring(colon + 1, line.length() - 3).trim();
        if (value.matches("[0-9]+")) {
          out.put(line.substring(0, colon), Long.parseLong(value) * 1024);
        }
      }
    }
    return out;
  }
}
