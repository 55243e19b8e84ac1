package io.hpk.slurm.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Version numbers out of {@code sinfo --version} and {@code apptainer --version}. */
public final class ToolVersions {

  private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?\\S*)");

  private ToolVersions() {}

  /** "slurm 22.05.8" → "22.05.8"; "apptainer version 1.4.5" → "1.4.5"; otherwise "". */
  public static String parse(String output) {
    Matcher matcher = VERSION.matcher(output);
    return matcher.find() ? matcher.group(1) : "";
  }
}
