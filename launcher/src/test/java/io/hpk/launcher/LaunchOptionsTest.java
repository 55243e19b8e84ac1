package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

  @Test
  void withoutArgumentsAllFourRolesRunLocally() {
    LaunchOptions options = LaunchOptions.parse();

    assertThat(options.roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(options.clustered()).isFalse();
    assertThat(options.configFile()).isEmpty();
  }

  @Test
  void rolesClusterAndConfigAreRead() {
    LaunchOptions options =
        LaunchOptions.parse("--roles", "kubelet, slurm", "--cluster", "--config=/etc/hpk.yaml");

    assertThat(options.roles()).containsExactlyInAnyOrder(Role.KUBELET, Role.SLURM);
    assertThat(options.clustered()).isTrue();
    assertThat(options.configFile()).contains(Path.of("/etc/hpk.yaml"));
  }

  @Test
  void doctorIsASubcommandThatTakesTheConfig() {
    LaunchOptions options = LaunchOptions.parse("doctor", "--config", "/etc/hpk.yaml");

    assertThat(options.doctor()).isTrue();
    assertThat(options.configFile()).contains(Path.of("/etc/hpk.yaml"));
    assertThat(LaunchOptions.parse("--config", "/etc/hpk.yaml").doctor()).isFalse();
    assertThat(LaunchOptions.USAGE).contains("hpk.jar doctor");
  }

  @Test
  void doctorAnywhereButFirstIsAnUnknownArgument() {
    assertThatThrownBy(() -> LaunchOptions.parse("--cluster", "doctor"))
        .hasMessage("unknown argument 'doctor'");
  }

  @Test
  void unknownRoleIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> LaunchOptions.parse("--roles=kubelet,gpu"))
        .hasMessage("unknown role 'gpu'; roles are slurm,scheduler,dns,kubelet");
  }

  @Test
  void emptyRoleListIsRefused() {
    assertThatThrownBy(() -> LaunchOptions.parse("--roles", ","))
        .hasMessageContaining("at least one");
  }

  @Test
  void optionWithoutValueIsRefused() {
    assertThatThrownBy(() -> LaunchOptions.parse("--config", "--cluster"))
        .hasMessage("--config needs a value");
  }

  @Test
  void unknownArgumentIsRefused() {
    assertThatThrownBy(() -> LaunchOptions.parse("--verbose"))
        .hasMessage("unknown argument '--verbose'");
  }

  @Test
  void onlyTheSlurmRoleWorksWithoutTheApiServer() {
    assertThat(Role.SLURM.needsKubernetes()).isFalse();
    assertThat(Role.KUBELET.needsKubernetes()).isTrue();
  }
}
