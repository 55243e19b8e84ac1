package io.hpk.slurm.model;

import java.util.Map;

/**
 * A bash function of the job script that holds one container's settings as local arrays and hands
 * over to a function of the fixed part (probes.sh, hooks.sh), which reads the arrays by name.
 */
final class ArrayFunction {

  private ArrayFunction() {}

  /** {@code name() { local key=(words)...; handler "$@"; }}, arrays in the map's order. */
  static String render(String name, Map<String, String> arrays, String handler) {
    StringBuilder function = new StringBuilder(name).append("() {\n");
    arrays.forEach(
        (key, words) ->
            function
                .append("  # shellcheck disable=SC2034 # ")
                .append(handler)
                .append(" reads it as ${!ref}\n  local ")
                .append(key)
                .append("=(")
                .append(words)
                .append(")\n"));
    return function.append("  ").append(handler).append(" \"$@\"\n}\n").toString();
  }
}
