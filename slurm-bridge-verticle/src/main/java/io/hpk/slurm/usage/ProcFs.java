package io.hpk.slurm.usage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code /proc} of the machine this JVM runs on. Blocking: worker pool only. */
final class ProcFs {

  /** USER_HZ: the unit of /proc CPU times, 100 on every Linux architecture Slurm runs on. */
  static final long TICKS_PER_SECOND = 100;

  static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

  /** Proportional and resident set size of one process, in bytes. */
  record Memory(long pss, long rss) {}

  private final Path root;

  ProcFs(Path root) {
    this.root = root;
  }

  String machineStat() throws IOException {
    return Files.readString(root.resolve("stat"));
  }

  String meminfo() throws IOException {
    return Files.readString(root.resolve("meminfo"));
  }

  /** Every process that exists now; one read per process, whatever the number of pods. */
  ProcessTree processes() throws IOException {
    List<ProcessSample> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          all.add(ProcessSample.parse(Files.readString(dir.resolve("stat")).trim()));
        } catch (NoSuchFileException e) {
          // the process ended while we looked
        } catch (IOException | RuntimeException e) {
          // a kernel thread or a process we may not read: not a container's
        }
      }
    }
    return new ProcessTree(all);
  }

  /** Memory of one process; zero when it ended meanwhile. */
  Memory memory(int pid) {
    Path dir = root.resolve(Integer.toString(pid));
    try {
      Map<String, Long> rollup =
          MachineStats.kilobyteFields(readIfPresent(dir.resolve("smaps_rollup")));
      if (rollup.containsKey("Pss") && rollup.containsKey("Rss")) {
        return new Memory(rollup.get("Pss"), rollup.get("Rss"));
      }
      long rss =
          MachineStats.kilobyteFields(readIfPresent(dir.resolve("status")))
              .getOrDefault("VmRSS", 0L);
      return new Memory(rss, rss);
    } catch (IOException e) {
      return new Memory(0, 0);
    }
  }

  private static String readIfPresent(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    }
  }
}
