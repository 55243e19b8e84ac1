package io.hpk.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {

  @TempDir Path tmp;

  /** The first executable on the PATH wins; a file that is not executable is passed over. */
  @Test
  void findsTheFirstExecutableOnThePath() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first"));
    Path second = Files.createDirectories(tmp.resolve("second"));
    Files.writeString(first.resolve("apptainer"), "not executable");
    Path real = Files.writeString(second.resolve("apptainer"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(Executables.resolve("apptainer", first + ":" + second)).contains(real);
    assertThat(Executables.resolve("apptainer", first.toString())).isEmpty();
    assertThat(Executables.resolve("/opt/apptainer/bin/apptainer", ""))
        .contains(Path.of("/opt/apptainer/bin/apptainer"));
  }
}
