package io.hpk.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiCertificateCheckTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private final ApiCertificateCheck check = new ApiCertificateCheck(null);

  /** The expiry date is printed; expired fails, expiring within two weeks warns. */
  @Test
  void expiryDecidesTheStatus() {
    CheckResult valid = check.judge("CN=kube-apiserver", NOW.plus(Duration.ofDays(365)), NOW);
    CheckResult soon = check.judge("CN=kube-apiserver", NOW.plus(Duration.ofDays(3)), NOW);
    CheckResult expired = check.judge("CN=kube-apiserver", NOW.minusSeconds(60), NOW);

    assertThat(valid.line())
        .isEqualTo("ok    api-certificate: CN=kube-apiserver valid until 2027-12-04 12:00 UTC");
    assertThat(soon.status()).isEqualTo(CheckResult.Status.WARN);
    assertThat(expired.status()).isEqualTo(CheckResult.Status.FAIL);
    assertThat(expired.detail()).contains("expired on 2026-12-04 11:59 UTC");
  }
}
