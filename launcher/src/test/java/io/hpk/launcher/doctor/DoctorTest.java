package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DoctorTest {

  /** Lines come in the order of the checks, whichever finishes first. */
  @Test
  void linesFollowTheOrderOfTheChecks() {
    CountDownLatch secondDone = new CountDownLatch(1);
    DoctorCheck slow =
        check(
            "first",
            () -> {
              secondDone.await(5, TimeUnit.SECONDS);
              return CheckResult.ok("first", "done after the second");
            });
    DoctorCheck fast =
        check(
            "second",
            () -> {
              secondDone.countDown();
              return CheckResult.ok("second", "done");
            });

    List<CheckResult> results = new Doctor(List.of(slow, fast)).run();

    assertThat(results).extracting(CheckResult::name).containsExactly("first", "second");
    assertThat(results.get(0).detail()).isEqualTo("done after the second");
  }

  /** A check that hangs is reported as failed after its timeout; the others still report. */
  @Test
  void hangingCheckFailsAfterItsTimeout() {
    DoctorCheck hanging =
        new DoctorCheck() {
          @Override
          public String name() {
            return "srun";
          }

          @Override
          public CheckResult run() throws Exception {
            new CountDownLatch(1).await();
            return CheckResult.ok("srun", "never");
          }

          @Override
          public Duration timeout() {
            return Duration.ofMillis(300);
          }
        };
    DoctorCheck fine = check("slurm", () -> CheckResult.ok("slurm", "answers"));

    List<CheckResult> results = new Doctor(List.of(hanging, fine)).run();

    assertThat(results.get(0).status()).isEqualTo(CheckResult.Status.FAIL);
    assertThat(results.get(0).detail()).contains("no answer within");
    assertThat(results.get(1).status()).isEqualTo(CheckResult.Status.OK);
  }

  /** A check that throws fails with the exception's message under its own name. */
  @Test
  void throwingCheckFailsUnderItsName() {
    DoctorCheck broken =
        check(
            "api-server",
            () -> {
              throw new IllegalStateException("kubeconfig has no cluster");
            });

    CheckResult result = new Doctor(List.of(broken)).run().get(0);

    assertThat(result.line())
        .isEqualTo("FAIL  api-server: the check failed: kubeconfig has no cluster");
  }

  /** The exit status is 1 when any check failed; warnings alone keep it 0. */
  @Test
  void exitStatusIsOneOnlyWhenACheckFailed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DoctorCheck ok = check("a", () -> CheckResult.ok("a", "fine"));
    DoctorCheck warn = check("b", () -> CheckResult.warn("b", "soon", "renew"));
    DoctorCheck fail = check("c", () -> CheckResult.fail("c", "gone", "install"));

    int healthy =
        new Doctor(List.of(ok, warn)).report(new PrintStream(out, true, StandardCharsets.UTF_8));
    int broken =
        new Doctor(List.of(ok, fail)).report(new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(healthy).isZero();
    assertThat(broken).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "ok    a: fine", "warn  b: soon — renew", "ok    a: fine", "FAIL  c: gone — install");
  }

  private interface Body {
    CheckResult run() throws Exception;
  }

  private static DoctorCheck check(String name, Body body) {
    return new DoctorCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult run() throws Exception {
        return body.run();
      }
    };
  }
}
