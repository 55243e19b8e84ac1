package io.hpk.launcher.doctor;

/** How Apptainer gets its containers' namespaces, read from {@code apptainer buildcfg}. */
enum ApptainerMode {
  SETUID,
  USER_NAMESPACES;

  static ApptainerMode fromBuildcfg(String buildcfg) {
    return buildcfg.lines().map(String::strip).anyMatch("APPTAINER_SUID_INSTALL=1"::equals)
        ? SETUID
        : USER_NAMESPACES;
  }
}
