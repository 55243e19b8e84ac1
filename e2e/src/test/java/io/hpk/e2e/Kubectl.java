package io.hpk.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kubectl against the lab, as a user would type it. */
final class Kubectl {

  /** What one kubectl call printed and returned. */
  record Result(int exitCode, String out) {}

  private Kubectl() {}

  /** Runs kubectl and returns its output; fails the test when kubectl fails. */
  static String run(String... args) {
    Result result = tryRun(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + result.out());
    }
    return result.out().trim();
  }

  /**
   * Runs kubectl and returns what it wrote to stdout alone, for output that is parsed: warnings on
   * stderr (an exec's srun or Apptainer notices) stay out of it. Fails the test when kubectl fails.
   */
  static String stdout(String... args) {
    try {
      Path errors = Files.createTempFile("kubectl", ".err");
      try {
        Process process = builder(args).redirectError(errors.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("kubectl " + String.join(" ", args) + " hung");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "kubectl " + String.join(" ", args) + " failed: " + Files.readString(errors) + out);
        }
        return out;
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + Lab.KUBECTL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Applies a manifest given as text, as `kubectl apply -f -` does. */
  static String apply(String yaml) {
    Result result = withInput(yaml, "apply", "-f", "-");
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl apply failed: " + result.out() + "\n" + yaml);
    }
    return result.out().trim();
  }

  /** `kubectl apply -f -` whatever it answers: for input the API server may refuse. */
  static Result applyResult(String manifest) {
    return withInput(manifest, "apply", "-f", "-");
  }

  /**
   * Creates an object given as text and prints it with {@code output}, as `kubectl create -f -`.
   */
  static String create(String yaml, String output) {
    Result result = withInput(yaml, "create", "-f", "-", "-o", output);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl create failed: " + result.out() + "\n" + yaml);
    }
    return result.out().trim();
  }

  /** A jsonpath query on one object in a namespace; "" when the object does not exist. */
  static String jsonpath(String namespace, String kindAndName, String path) {
    Result result = tryRun("get", kindAndName, "-n", namespace, "-o", "jsonpath=" + path);
    return result.exitCode() == 0 ? result.out().trim() : "";
  }

  /** Starts a long-running kubectl (port-forward, logs -f), its output and errors merged. */
  static Process background(String... args) throws IOException {
    return builder(args).redirectErrorStream(true).start();
  }

  private static ProcessBuilder builder(String... args) {
    List<String> command =
        new ArrayList<>(List.of(Lab.KUBECTL, "--kubeconfig", Lab.ADMIN_KUBECONFIG.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** Runs kubectl and returns its exit code and combined output, whatever they are. */
  static Result tryRun(String... args) {
    return withInput(null, args);
  }

  private static Result withInput(String input, String... args) {
    try {
      Process process = background(args);
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " hung");
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + Lab.KUBECTL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The status of the node's Ready condition, or "" when the node or condition is missing. */
  static String nodeReady(String node) {
    Result result =
        tryRun(
            "get",
            "node",
            node,
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
    return result.exitCode() == 0 ? result.out().trim() : "";
  }
}
