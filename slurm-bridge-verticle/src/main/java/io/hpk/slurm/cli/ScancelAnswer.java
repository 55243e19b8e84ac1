package io.hpk.slurm.cli;

import java.util.regex.Pattern;

/** What scancel's complaints mean. Pure. */
final class ScancelAnswer {

  /** The job has ended, or Slurm has forgotten it: there is nothing left to cancel. */
  private static final Pattern ALREADY_ENDED =
      Pattern.compile("(?i)invalid job id specified|already completing or completed");

  private ScancelAnswer() {}

  static boolean jobAlreadyEnded(String stderr) {
    return ALREADY_ENDED.matcher(stderr).find();
  }
}
