package io.hpk.common.config;

/** Configuration that HPK cannot start with; the message names the key, its source and the fix. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
