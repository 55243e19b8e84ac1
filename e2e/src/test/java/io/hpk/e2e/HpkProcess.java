package io.hpk.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded HPK jar running as its own process, the way `make run` starts it. */
final class HpkProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private HpkProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static HpkProcess start(String name, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", Lab.HPK_JAR.toString()));
    command.addAll(args);
    Path log = Path.of("target", "hpk-" + name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // HPK reads HPK_* variables as configuration and refuses unknown ones: the shell's own (the
    // worktree and Maven repository a test run was started with) are not HPK's.
    builder.environment().keySet().removeIf(variable -> variable.startsWith("HPK_"));
    builder.environment().putAll(env);
    return new HpkProcess(builder.start(), log);
  }

  /** Sends SIGTERM and returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("HPK did not stop within 60s of SIGTERM\n" + logTail());
    }
    return process.exitValue();
  }

  /** Waits for HPK to end by itself, as it does when it cannot start, and returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("HPK still runs after " + timeout + "\n" + logTail());
    }
    return process.exitValue();
  }

  /** SIGKILL: the JVM gets no chance to clean up, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process wrote to stdout and stderr so far. */
  List<String> output() throws IOException {
    return Files.readAllLines(log);
  }

  String logTail() {
    try {
      List<String> lines = output();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
