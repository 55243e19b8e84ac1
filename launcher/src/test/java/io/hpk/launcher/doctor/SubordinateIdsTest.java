package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubordinateIdsTest {

  private static final String FILE = "alice:100000:65536\n1001:165536:65536\nempty:231072:0\n";

  /** A range is found by login name or by uid; a range of size 0 is none. */
  @Test
  void rangeIsFoundByNameOrUid() {
    assertThat(SubordinateIds.rangeOf(FILE, "alice", 1000)).contains("100000:65536");
    assertThat(SubordinateIds.rangeOf(FILE, "bob", 1001)).contains("165536:65536");
    assertThat(SubordinateIds.rangeOf(FILE, "empty", 1002)).isEmpty();
    assertThat(SubordinateIds.rangeOf(FILE, "carol", 1003)).isEmpty();
  }
}
