package io.hpk.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container-entry script against a real process in its own user and mount namespace, laid out
 * as a pod's job lays out a container: a supervisor, the runtime parent named by the pid file, and
 * the container process as its child.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerEntryTest {

  /** Writes an environ with an entry that is no assignment, as a container may, then sleeps. */
  private static final String CONTAINER =
      """
      import ctypes, shutil, sys
      libc = ctypes.CDLL(None, use_errno=True)
      def strings(items):
          return (ctypes.c_char_p * (len(items) + 1))(*[i.encode() for i in items], None)
      sleep = shutil.which("sleep")
      libc.execve(sleep.encode(), strings(["sleep", "60"]), strings(["GREETING=hi", sys.argv[1]]))
      """;

  @TempDir Path tmp;
  private Process supervisor;

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
      supervisor.destroyForcibly();
    }
  }

  /** A command enters the container with its environment; an environ entry never runs itself. */
  @Test
  void enteringRunsOnlyTheCommandWithTheContainersAssignments() throws Exception {
    Path marker = tmp.resolve("ran-from-environ");
    Path evil = tmp.resolve("evil");
    Files.writeString(evil, "#!/bin/sh\ntouch " + marker + "\n");
    Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwx------"));
    Path pidFile = tmp.resolve("main.pid");
    Path container = tmp.resolve("container.py");
    Files.writeString(container, CONTAINER);
    supervisor =
        new ProcessBuilder(
                "bash",
                "-c",
                "bash -c 'unshare --user --map-root-user --mount python3 \"$1\" \"$2\"; :' runtime"
                    + " \"$1\" \"$2\" & echo $! > \"$3\"; wait",
                "supervisor",
                container.toString(),
                evil.toString(),
                pidFile.toString())
            .redirectErrorStream(true)
            .start();
    awaitContainer(pidFile);

    Process entry =
        new ProcessBuilder(
                List.of(
                    "bash",
                    "-c",
                    ContainerEntry.SCRIPT,
                    "hpk-exec",
                    pidFile.toString(),
                    "sh",
                    "-c",
                    "echo \"$GREETING from uid $(id -u)\""))
            .redirectErrorStream(true)
            .start();
    String out = new String(entry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(entry.waitFor()).as(out).isZero();
    assertThat(out.trim()).isEqualTo("hi from uid 0");
    assertThat(marker).as("the environ entry was run as a command").doesNotExist();
  }

  /**
   * A child in a mount namespace of its own that still runs the runtime's executable has not become
   * the container yet (it sees the node's root): exec says the container is not running.
   */
  @Test
  void aChildThatHasNotRunTheContainersProgramIsNotEntered() throws Exception {
    Path pidFile = tmp.resolve("main.pid");
    supervisor =
        new ProcessBuilder(
                "bash",
                "-c",
                "bash -c 'unshare --user --map-root-user --mount bash -c \"sleep 60; :\"; :'"
                    + " runtime & echo $! > \"$1\"; wait",
                "supervisor",
                pidFile.toString())
            .redirectErrorStream(true)
            .start();
    // The sleep is the grandchild: the child is bash, in its own namespaces, for as long as it
    // runs.
    awaitChild(pidFile, "sleep", 2);

    Process entry =
        new ProcessBuilder(
                List.of(
                    "bash", "-c", ContainerEntry.SCRIPT, "hpk-exec", pidFile.toString(), "true"))
            .redirectErrorStream(true)
            .start();
    String out = new String(entry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(entry.waitFor()).as(out).isEqualTo(126);
    assertThat(out).contains("container is not running");
  }

  /** Waits until the runtime parent's child has become the sleeping container process. */
  private static void awaitContainer(Path pidFile) throws Exception {
    awaitChild(pidFile, "sleep", 1);
  }

  /** Waits until the runtime parent has a descendant this deep whose command ends with a name. */
  private static void awaitChild(Path pidFile, String command, int depth) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        long parent = Long.parseLong(Files.readString(pidFile).trim());
        boolean sleeping =
            ProcessHandle.of(parent).stream()
                .flatMap(p -> descendants(p, depth))
                .anyMatch(c -> c.info().command().orElse("").endsWith(command));
        if (sleeping) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the test's " + command + " child did not start");
  }

  private static Stream<ProcessHandle> descendants(ProcessHandle p, int depth) {
    return depth == 0 ? Stream.of(p) : p.children().flatMap(c -> descendants(c, depth - 1));
  }
}
