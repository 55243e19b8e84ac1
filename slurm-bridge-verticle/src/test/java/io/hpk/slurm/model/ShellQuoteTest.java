package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ShellQuoteTest {

  static final String HOSTILE = "it's \"q\" $(touch x) `touch x` $HOME \\ \n; rm -rf / \t*";

  @Test
  void quotesWithSingleQuotesOnly() {
    assertThat(ShellQuote.quote("a b")).isEqualTo("'a b'");
    assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuote.quote("")).isEqualTo("''");
  }

  @Test
  void bashReadsEveryQuotedStringBackLiterally() throws Exception {
    for (String value : List.of(HOSTILE, "", "'", "''", "\\'", "ünïcödé ✓", "-n", "a\r\nb")) {
      assertThat(bashEcho(ShellQuote.quote(value))).isEqualTo(value);
    }
  }

  @Test
  void refusesNul() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs {@code printf %s WORD} in bash and returns what it printed. */
  static String bashEcho(String word) throws IOException, InterruptedException {
    Process bash = new ProcessBuilder("bash", "-c", "printf %s " + word).start();
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
