package io.hpk.slurm.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * HPK's raw {@code slurm.hpk.io/flags}, narrowed to an allow-list of scheduling options: where and
 * when the job runs and with what resources. Options that change who runs it, its environment or
 * its files ({@code --export}, {@code --uid}, {@code --chdir}, {@code --output}, {@code --wrap},
 * {@code --get-user-env}, {@code --array}, …) and anything not on the list are refused, so a pod
 * spec can never reach past its own job. Long options must be spelled out: sbatch would take an
 * unambiguous prefix, and a prefix allowed today may become ambiguous with a later Slurm.
 */
final class SchedulingFlags {

  private static final Pattern WORD = Pattern.compile("-[A-Za-z0-9._,:=+@%/&|\\[\\]*()!-]{1,255}");

  /** Long options that take a value ({@code --name=value}). */
  private static final Set<String> WITH_VALUE =
      Set.of(
          "partition",
          "account",
          "qos",
          "time",
          "time-min",
          "nodes",
          "ntasks",
          "ntasks-per-node",
          "ntasks-per-socket",
          "ntasks-per-core",
          "cpus-per-task",
          "mincpus",
          "mem",
          "mem-per-cpu",
          "mem-per-gpu",
          "tmp",
          "gres",
          "gres-flags",
          "gpus",
          "gpus-per-node",
          "gpus-per-task",
          "gpus-per-socket",
          "cpus-per-gpu",
          "constraint",
          "cluster-constraint",
          "nodelist",
          "exclude",
          "begin",
          "deadline",
          "dependency",
          "reservation",
          "licenses",
          "priority",
          "nice",
          "hint",
          "distribution",
          "switches",
          "sockets-per-node",
          "cores-per-socket",
          "threads-per-core",
          "extra-node-info",
          "mcs-label",
          "wckey",
          "mail-type");

  /** Long options without a value; {@code --exclusive} may name whom it excludes. */
  private static final Set<String> WITHOUT_VALUE =
      Set.of(
          "exclusive",
          "requeue",
          "no-requeue",
          "contiguous",
          "overcommit",
          "oversubscribe",
          "spread-job",
          "use-min-nodes",
          "hold");

  /** Short options and the long ones they stand for; the value follows at once ({@code -N2}). */
  private static final Map<Character, String> SHORT =
      Map.ofEntries(
          Map.entry('p', "partition"),
          Map.entry('A', "account"),
          Map.entry('q', "qos"),
          Map.entry('t', "time"),
          Map.entry('N', "nodes"),
          Map.entry('n', "ntasks"),
          Map.entry('c', "cpus-per-task"),
          Map.entry('C', "constraint"),
          Map.entry('w', "nodelist"),
          Map.entry('x', "exclude"),
          Map.entry('b', "begin"),
          Map.entry('d', "dependency"),
          Map.entry('G', "gpus"));

  private SchedulingFlags() {}

  /**
   * The options, in order.
   *
   * @throws PodSpecException naming the word that is not an allowed scheduling option
   */
  static List<String> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> flags = new ArrayList<>();
    for (String word : raw.trim().split("[ \t]+")) {
      if (!WORD.matcher(word).matches()) {
        throw refused(
            "each flag must be one word starting with '-' without quotes, '$' or line breaks, got "
                + KubernetesNames.describe(word));
      }
      check(word);
      flags.add(word);
    }
    return flags;
  }

  private static void check(String word) {
    if (word.startsWith("--")) {
      String[] nameAndValue = word.substring(2).split("=", 2);
      String name = nameAndValue[0];
      boolean hasValue = nameAndValue.length == 2 && !nameAndValue[1].isEmpty();
      if (WITH_VALUE.contains(name) && !hasValue) {
        throw refused("--" + name + " needs a value (--" + name + "=...)");
      }
      if (WITHOUT_VALUE.contains(name) && nameAndValue.length == 2 && !"exclusive".equals(name)) {
        throw refused("--" + name + " takes no value");
      }
      if (!WITH_VALUE.contains(name) && !WITHOUT_VALUE.contains(name)) {
        throw notAllowed("--" + name);
      }
      return;
    }
    String name = SHORT.get(word.charAt(1));
    if (name == null) {
      throw notAllowed(word.substring(0, 2));
    }
    if (word.length() == 2) {
      throw refused(word + " needs its value in the same word (" + word + "VALUE)");
    }
  }

  private static PodSpecException notAllowed(String option) {
    return refused(
        option
            + " is not a scheduling option HPK passes to sbatch (options that change the job's"
            + " user, environment or files are refused); allowed: "
            + allowed());
  }

  private static String allowed() {
    TreeSet<String> names = new TreeSet<>(WITH_VALUE);
    names.addAll(WITHOUT_VALUE);
    return "--" + String.join(", --", names) + " and -" + new TreeSet<>(SHORT.keySet());
  }

  private static PodSpecException refused(String detail) {
    return new PodSpecException(
        "InvalidAnnotation", "metadata.annotations[" + SbatchOptions.PREFIX + "flags]: " + detail);
  }
}
