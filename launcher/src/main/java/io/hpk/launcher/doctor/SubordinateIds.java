package io.hpk.launcher.doctor;

import java.util.Optional;

/** Reads {@code /etc/subuid} and {@code /etc/subgid} lines ({@code user:first:count}). */
final class SubordinateIds {

  private SubordinateIds() {}

  /** The first {@code first:count} range given to the user, by name or by numeric id. */
  static Optional<String> rangeOf(String file, String user, long id) {
    return file.lines()
        .map(String::strip)
        .map(line -> line.split(":"))
        .filter(fields -> fields.length == 3)
        .filter(fields -> fields[0].equals(user) || fields[0].equals(Long.toString(id)))
        .filter(fields -> isPositive(fields[2]))
        .map(fields -> fields[1] + ":" + fields[2])
        .findFirst();
  }

  private static boolean isPositive(String count) {
    try {
      return Long.parseLong(count) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
