package io.hpk.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Typed reads of chosen entries, falling back to defaults; each read records the value used. */
final class ConfigValues {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Map<ConfigKey, ConfigEntry> chosen;
  private final Map<ConfigKey, String> effective = new EnumMap<>(ConfigKey.class);

  ConfigValues(Map<ConfigKey, ConfigEntry> chosen) {
    this.chosen = chosen;
  }

  String text(ConfigKey key) {
    ConfigEntry entry = chosen.get(key);
    String value =
        entry == null
            ? key.defaultValue().replace("${user.home}", System.getProperty("user.home"))
            : entry.value().trim();
    effective.put(key, value);
    return value;
  }

  int integer(ConfigKey key, int min, int max) {
    String value = text(key);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw invalid(key, value, "an integer from " + min + " to " + max);
  }

  Duration seconds(ConfigKey key, int min, int max) {
    return Duration.ofSeconds(integer(key, min, max));
  }

  List<String> list(ConfigKey key) {
    return Arrays.stream(text(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  String oneOf(ConfigKey key, List<String> allowed) {
    String value = text(key);
    if (!allowed.contains(value)) {
      throw invalid(key, value, "one of " + String.join(", ", allowed));
    }
    return value;
  }

  boolean bool(ConfigKey key) {
    return Boolean.parseBoolean(oneOf(key, List.of("true", "false")));
  }

  /** A Kubernetes object name (RFC 1123 subdomain), as node names must be. */
  String name(ConfigKey key) {
    String value = text(key);
    if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw invalid(key, value, "a lower-case RFC 1123 name such as 'hpk-kubelet'");
    }
    return value;
  }

  Map<ConfigKey, String> effective() {
    return Collections.unmodifiableMap(new EnumMap<>(effective));
  }

  private ConfigException invalid(ConfigKey key, String value, String expected) {
    ConfigEntry entry = chosen.get(key);
    String source = entry == null ? "default" : entry.source();
    return new ConfigException(
        "invalid value '"
            + value
            + "' for configuration key '"
            + key.key()
            + "' (from "
            + source
            + "): expected "
            + expected);
  }
}
