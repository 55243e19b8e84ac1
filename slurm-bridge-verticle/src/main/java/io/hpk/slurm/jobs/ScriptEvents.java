package io.hpk.slurm.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The events a job script appended to its pod's events file ({@code Warning TAB reason TAB message}
 * a line). The file is written by a job that also runs the pod's containers, so only the reasons
 * the script itself writes pass, and messages are cut to a sane length. Pure.
 */
final class ScriptEvents {

  /** What hooks.sh reports. */
  static final Set<String> REASONS = Set.of("FailedPostStartHook", "FailedPreStopHook");

  static final int MAX_MESSAGE = 1024;

  private ScriptEvents() {}

  /** One event: a Warning or not, its reason and message. */
  record ScriptEvent(boolean warning, String reason, String message) {}

  /** The events of the complete lines, in order; a line that is not one is skipped. */
  static List<ScriptEvent> parse(List<String> lines) {
    List<ScriptEvent> events = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split("\t", 3);
      if (fields.length == 3
          && (fields[0].equals("Warning") || fields[0].equals("Normal"))
          && REASONS.contains(fields[1])) {
        String message =
            fields[2].length() > MAX_MESSAGE ? fields[2].substring(0, MAX_MESSAGE) : fields[2];
        events.add(new ScriptEvent(fields[0].equals("Warning"), fields[1], message));
      }
    }
    return events;
  }
}
