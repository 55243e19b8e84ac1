package io.hpk.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies log.level to HPK's own loggers; libraries keep the levels of logback.xml. */
final class LogLevels {

  private LogLevels() {}

  static void apply(String level) {
    ((Logger) LoggerFactory.getLogger("io.hpk")).setLevel(Level.toLevel(level, Level.INFO));
  }
}
