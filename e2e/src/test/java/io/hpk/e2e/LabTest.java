package io.hpk.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A test class that runs against its own {@link LabSession}: HPK started before the first test, its
 * namespace deleted and HPK stopped (exit 0 asserted) after the last. Test classes run one after
 * another, so the session lives in static fields.
 */
abstract class LabTest {

  static final String IMAGE = "localhost:5000/busybox:1.35";

  static LabSession lab;
  static String ns;
  static HpkProcess hpk;

  @BeforeAll
  static void openLab(TestInfo info) throws Exception {
    String name = info.getTestClass().orElseThrow().getSimpleName().replaceFirst("IT$", "");
    lab =
        LabSession.open(
            name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    ns = lab.namespace();
    hpk = lab.hpk();
  }

  @AfterAll
  static void closeLab() throws Exception {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }
}
