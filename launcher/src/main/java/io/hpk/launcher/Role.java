package io.hpk.launcher;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The four verticles, in deployment order: the bridge answers before the kubelet asks. */
public enum Role {
  SLURM("slurm"),
  SCHEDULER("scheduler"),
  DNS("dns"),
  KUBELET("kubelet");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether this role talks to the Kubernetes API server (the bridge only talks to Slurm). */
  public boolean needsKubernetes() {
    return this != SLURM;
  }

  /**
   * Parses a comma-separated role list such as {@code kubelet,slurm}.
   *
   * @throws IllegalArgumentException naming an unknown role and the known ones
   */
  public static Set<Role> parseList(String list) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String item : list.split(",")) {
      String label = item.trim().toLowerCase(Locale.ROOT);
      if (label.isEmpty()) {
        continue;
      }
      roles.add(
          Arrays.stream(values())
              .filter(r -> r.label.equals(label))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown role '" + item.trim() + "'; roles are " + allLabels())));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("--roles needs at least one of " + allLabels());
    }
    return roles;
  }

  static String allLabels() {
    return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(","));
  }
}
