package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpansionTest {

  private static final Map<String, ShellWord> DEFINED =
      Map.of("A", ShellWord.literal("alpha"), "IP", ShellWord.variable("HPK_POD_IP"));

  private static String expand(String input) {
    return EnvExpansion.expand(input, DEFINED).text();
  }

  @Test
  void followsKubernetesExpansionCases() {
    assertThat(expand("$(A)")).isEqualTo("alpha");
    assertThat(expand("x$(A)y$(A)")).isEqualTo("xalphayalpha");
    assertThat(expand("$$(A)")).isEqualTo("$(A)");
    assertThat(expand("$$$(A)")).isEqualTo("$alpha");
    assertThat(expand("$(UNDEFINED)")).isEqualTo("$(UNDEFINED)");
    assertThat(expand("$(A")).isEqualTo("$(A");
    assertThat(expand("$A")).isEqualTo("$A");
    assertThat(expand("tail$")).isEqualTo("tail$");
    assertThat(expand("$()")).isEqualTo("$()");
    assertThat(expand("$(A)$(A))")).isEqualTo("alphaalpha)");
  }

  @Test
  void runTimeValuesStayScriptVariables() {
    ShellWord word = EnvExpansion.expand("http://$(IP):80/$(A)", DEFINED);

    assertThat(word.isLiteral()).isFalse();
    assertThat(word.render()).isEqualTo("'http://'\"${HPK_POD_IP}\"':80/alpha'");
  }
}
