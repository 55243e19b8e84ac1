package io.hpk.slurm.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One word of a job script whose value may be known only at run time: literal text from the pod
 * spec joined with script variables such as the pod IP. Literal parts are always single-quoted.
 */
public record ShellWord(List<Part> parts) {

  /** A piece of the word. */
  public sealed interface Part permits Literal, Variable {}

  /** Text taken literally. */
  public record Literal(String text) implements Part {}

  /** The value of a variable the job script sets itself (never one named by the pod spec). */
  public record Variable(String name) implements Part {}

  /** Adjacent literals are joined and empty ones dropped, so equal words compare equal. */
  public ShellWord {
    List<Part> joined = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        if (literal.text().isEmpty()) {
          continue;
        }
        int last = joined.size() - 1;
        if (last >= 0 && joined.get(last) instanceof Literal previous) {
          joined.set(last, new Literal(previous.text() + literal.text()));
          continue;
        }
      }
      joined.add(part);
    }
    parts = List.copyOf(joined);
  }

  public static ShellWord literal(String text) {
    return new ShellWord(List.of(new Literal(text)));
  }

  public static ShellWord variable(String name) {
    return new ShellWord(List.of(new Variable(name)));
  }

  public ShellWord append(ShellWord other) {
    List<Part> joined = new ArrayList<>(parts);
    joined.addAll(other.parts);
    return new ShellWord(joined);
  }

  public boolean isLiteral() {
    return parts.stream().allMatch(Literal.class::isInstance);
  }

  /** The literal text, or the text with each variable shown as {@code ${NAME}} for messages. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      text.append(
          part instanceof Literal literal ? literal.text() : "${" + ((Variable) part).name() + "}");
    }
    return text.toString();
  }

  /** The word as shell source; the empty word renders as {@code ''}. */
  public String render() {
    StringBuilder shell = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        shell.append(ShellQuote.quote(literal.text()));
      } else {
        shell.append("\"${").append(((Variable) part).name()).append("}\"");
      }
    }
    return shell.isEmpty() ? "''" : shell.toString();
  }
}
