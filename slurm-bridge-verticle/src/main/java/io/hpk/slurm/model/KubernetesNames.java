package io.hpk.slurm.model;

import java.util.regex.Pattern;

/** Validation of the Kubernetes names that become path components and script words. */
final class KubernetesNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9]{7,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private KubernetesNames() {}

  static String dnsLabel(String value, String field) {
    if (value == null || value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw new PodSpecException(
          "InvalidName", field + " must be a DNS label (a-z, 0-9, '-'), got " + describe(value));
    }
    return value;
  }

  static String dnsSubdomain(String value, String field) {
    if (value == null || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new PodSpecException(
          "InvalidName", field + " must be a DNS subdomain, got " + describe(value));
    }
    return value;
  }

  static String uid(String value) {
    if (value == null || !UID.matcher(value).matches()) {
      throw new PodSpecException(
          "InvalidName",
          "metadata.uid must be a UID (letters, digits, '-'), got " + describe(value));
    }
    return value;
  }

  /** Names a shell (and Apptainer's environment injection) accepts as variable names. */
  static boolean isShellVariableName(String name) {
    return name != null && ENV_NAME.matcher(name).matches();
  }

  static String describe(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
