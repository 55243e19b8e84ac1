package io.hpk.kubelet.streaming;

import java.util.List;
import java.util.function.Function;

/**
 * What an exec or attach request asks for, from its query parameters ({@code command} repeated,
 * {@code input}, {@code output}, {@code error}, {@code tty}; older clients say {@code stdin},
 * {@code stdout}, {@code stderr}).
 */
public record RemoteCommandOptions(
    List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

  /**
   * @param single the first value of a query parameter, or null
   * @param all every value of a query parameter
   * @throws IllegalArgumentException when the request cannot be served, with the reason
   */
  public static RemoteCommandOptions parse(
      Function<String, String> single, Function<String, List<String>> all, boolean exec) {
    boolean stdin = flag(single, "input", "stdin");
    boolean stdout = flag(single, "output", "stdout");
    boolean stderr = flag(single, "error", "stderr");
    boolean tty = flag(single, "tty", "tty");
    List<String> command = all.apply("command");
    if (exec && command.isEmpty()) {
      throw new IllegalArgumentException("you must specify at least one command for the container");
    }
    if (!stdin && !stdout && !stderr) {
      throw new IllegalArgumentException("you must specify at least 1 of stdin, stdout, stderr");
    }
    // A terminal merges stderr into stdout, as the kubelet does.
    return new RemoteCommandOptions(command, stdin, stdout, stderr && !tty, tty);
  }

  private static boolean flag(Function<String, String> single, String name, String oldName) {
    String value = single.apply(name);
    if (value == null) {
      value = single.apply(oldName);
    }
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }
}
