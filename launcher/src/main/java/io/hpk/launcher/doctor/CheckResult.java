package io.hpk.launcher.doctor;

/**
 * What one doctor check found.
 *
 * @param name the requirement, e.g. {@code slurm}
 * @param detail what was found
 * @param fix what the user or the site does about it; empty when nothing is to be done
 */
public record CheckResult(Status status, String name, String detail, String fix) {

  /** How a requirement stands; the label is what the line starts with. */
  public enum Status {
    OK("ok"),
    WARN("warn"),
    FAIL("FAIL");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public CheckResult {
    detail = detail == null ? "" : detail;
    fix = fix == null ? "" : fix;
  }

  /** What went wrong, in words: the message and the deepest cause's, without class names. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = wordsOf(failure);
    boolean rootSaysMore = root.getMessage() != null && !message.contains(root.getMessage());
    return root != failure && rootSaysMore ? message + " (" + root.getMessage() + ")" : message;
  }

  private static String wordsOf(Throwable failure) {
    return failure.getMessage() == null || failure.getMessage().isBlank()
        ? failure.getClass().getSimpleName()
        : failure.getMessage();
  }

  public static CheckResult ok(String name, String detail) {
    return new CheckResult(Status.OK, name, detail, "");
  }

  public static CheckResult warn(String name, String detail, String fix) {
    return new CheckResult(Status.WARN, name, detail, fix);
  }

  public static CheckResult fail(String name, String detail, String fix) {
    return new CheckResult(Status.FAIL, name, detail, fix);
  }

  /** One line: status padded to one width, the name, what was found and, after a dash, the fix. */
  public String line() {
    String found = detail.replace('\n', ' ').strip();
    return String.format("%-5s %s: %s", status.label(), name, found)
        + (fix.isEmpty() ? "" : " — " + fix);
  }
}
