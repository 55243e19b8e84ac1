package io.hpk.slurm.model;

/** POSIX shell quoting: the result is read back by sh or bash as exactly one word, literally. */
public final class ShellQuote {

  private ShellQuote() {}

  /**
   * Wraps {@code s} in single quotes, writing each embedded quote as {@code '\''}. Newlines and
   * every other character stay literal; NUL cannot be passed through a shell and is refused.
   */
  public static String quote(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL character cannot be passed through a shell");
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
