package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApptainerModeTest {

  /** Only a build with the setuid starter installed counts as setuid. */
  @Test
  void modeComesFromTheSuidInstallFlag() {
    assertThat(ApptainerMode.fromBuildcfg("PACKAGE_NAME=apptainer\nAPPTAINER_SUID_INSTALL=1\n"))
        .isEqualTo(ApptainerMode.SETUID);
    assertThat(ApptainerMode.fromBuildcfg("PACKAGE_NAME=apptainer\nAPPTAINER_SUID_INSTALL=0\n"))
        .isEqualTo(ApptainerMode.USER_NAMESPACES);
    assertThat(ApptainerMode.fromBuildcfg("")).isEqualTo(ApptainerMode.USER_NAMESPACES);
  }
}
