package io.hpk.launcher.doctor;

import java.time.Duration;

/** One site requirement that {@code hpk doctor} checks. Blocking: runs on the doctor's threads. */
public interface DoctorCheck {

  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** The name its line starts with, also when it fails to answer. */
  String name();

  CheckResult run() throws Exception;

  /** How long the doctor waits before reporting the check as hanging. */
  default Duration timeout() {
    return DEFAULT_TIMEOUT;
  }
}
