package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CheckResultTest {

  /** Every line starts with a status of one width, so a column of lines reads at a glance. */
  @Test
  void linesAlignTheirStatusAndAppendTheFixAfterADash() {
    assertThat(CheckResult.ok("slurm", "slurmctld answers").line())
        .isEqualTo("ok    slurm: slurmctld answers");
    assertThat(CheckResult.fail("apptainer", "not on PATH", "install Apptainer").line())
        .isEqualTo("FAIL  apptainer: not on PATH — install Apptainer");
    assertThat(CheckResult.warn("api-certificate", "expires soon", "renew it").line())
        .startsWith("warn  api-certificate: ");
  }

  /** A detail with several lines (a command's stderr) still makes one line. */
  @Test
  void multiLineDetailBecomesOneLine() {
    assertThat(CheckResult.fail("slurm", "error one\nerror two\n", "").line())
        .isEqualTo("FAIL  slurm: error one error two");
  }

  /** A failure reads as its message and its root cause's, never as a bare class name or null. */
  @Test
  void failuresAreDescribedInWords() {
    IOException root = new IOException("Connection refused");
    assertThat(CheckResult.describe(new RuntimeException("cannot reach it", root)))
        .isEqualTo("cannot reach it (Connection refused)");
    assertThat(CheckResult.describe(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
