package io.hpk.slurm.model;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion (k8s.io/kubernetes third_party/forked/golang/expansion):
 * {@code $(NAME)} is replaced when NAME is defined, left as written otherwise; {@code $$} becomes
 * {@code $}; any other {@code $} stays. Values may contain run-time parts, so the result is a
 * {@link ShellWord}.
 */
public final class EnvExpansion {

  private EnvExpansion() {}

  public static ShellWord expand(String input, Map<String, ShellWord> defined) {
    ShellWord result = ShellWord.literal("");
    StringBuilder text = new StringBuilder();
    int cursor = 0;
    while (cursor < input.length()) {
      char c = input.charAt(cursor);
      if (c != '$' || cursor + 1 == input.length()) {
        text.append(c);
        cursor++;
        continue;
      }
      char next = input.charAt(cursor + 1);
      int close = next == '(' ? input.indexOf(')', cursor + 2) : -1;
      if (next == '$') {
        text.append('$');
        cursor += 2;
      } else if (close < 0) {
        text.append('$').append(next);
        cursor += 2;
      } else {
        String name = input.substring(cursor + 2, close);
        ShellWord value = defined.get(name);
        if (value == null) {
          text.append("$(").append(name).append(')');
        } else {
          result = result.append(ShellWord.literal(text.toString())).append(value);
          text.setLength(0);
        }
        cursor = close + 1;
      }
    }
    return result.append(ShellWord.literal(text.toString()));
  }
}
