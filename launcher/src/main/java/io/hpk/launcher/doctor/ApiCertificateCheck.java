package io.hpk.launcher.doctor;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The API server's serving certificate has not expired and does not expire soon. Whether the
 * kubeconfig's CA trusts it is what the api-server check finds out.
 */
final class ApiCertificateCheck implements DoctorCheck {

  private static final Duration SOON = Duration.ofDays(14);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ApiServer api;

  ApiCertificateCheck(ApiServer api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "api-certificate";
  }

  @Override
  public CheckResult run() {
    URL url;
    X509Certificate certificate;
    try {
      url = api.url();
      if (!url.getProtocol().equals("https")) {
        return CheckResult.warn(
            name(), url + " is plain http", "serve the API over https in " + api.kubeconfig());
      }
      certificate = ServingCertificate.of(url.getHost(), url.getPort() < 0 ? 443 : url.getPort());
    } catch (Exception e) {
      return CheckResult.fail(name(), "not checked: " + CheckResult.describe(e), "");
    }
    return judge(
        certificate.getSubjectX500Principal().getName(),
        certificate.getNotAfter().toInstant(),
        Instant.now());
  }

  CheckResult judge(String subject, Instant notAfter, Instant now) {
    String expiry = DATE.format(notAfter);
    String fix = "renew the API server's serving certificate";
    if (!notAfter.isAfter(now)) {
      return CheckResult.fail(name(), subject + " expired on " + expiry, fix);
    }
    if (Duration.between(now, notAfter).compareTo(SOON) < 0) {
      return CheckResult.warn(name(), subject + " expires on " + expiry, fix);
    }
    return CheckResult.ok(name(), subject + " valid until " + expiry);
  }
}
