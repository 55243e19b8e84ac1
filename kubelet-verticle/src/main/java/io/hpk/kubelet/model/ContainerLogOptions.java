package io.hpk.kubelet.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The query of {@code /containerLogs/{ns}/{pod}/{container}} (PodLogOptions), validated as the API
 * server validates it. {@code tailLines} and {@code limitBytes} are -1 when not given; {@code
 * since} is null when neither sinceSeconds nor sinceTime is given.
 */
public record ContainerLogOptions(
    boolean follow,
    long tailLines,
    Instant since,
    boolean timestamps,
    long limitBytes,
    boolean previous) {

  /** Reads the options from query parameters ({@code param} returns null when absent). */
  public static ContainerLogOptions parse(Function<String, String> param, Instant now) {
    long tailLines = number(param, "tailLines", 0);
    long limitBytes = number(param, "limitBytes", 1);
    long sinceSeconds = number(param, "sinceSeconds", 1);
    String sinceTime = param.apply("sinceTime");
    if (sinceSeconds >= 0 && sinceTime != null) {
      throw new LogRequestException(
          400, "at most one of sinceTime or sinceSeconds may be specified");
    }
    Instant since = null;
    if (sinceSeconds >= 0) {
      since = now.minusSeconds(sinceSeconds);
    } else if (sinceTime != null) {
      try {
        since = OffsetDateTime.parse(sinceTime, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw new LogRequestException(
            400,
            "sinceTime must be an RFC 3339 time such as 2024-05-01T10:00:00Z, got " + sinceTime);
      }
    }
    return new ContainerLogOptions(
        flag(param, "follow"),
        tailLines,
        since,
        flag(param, "timestamps"),
        limitBytes,
        flag(param, "previous"));
  }

  /** Like the API server's query conversion: anything but false, f or 0 is true. */
  private static boolean flag(Function<String, String> param, String name) {
    String value = param.apply(name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "false", "f", "0" -> false;
      default -> true;
    };
  }

  private static long number(Function<String, String> param, String name, long min) {
    String value = param.apply(name);
    if (value == null) {
      return -1;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LogRequestException(
        400, name + " must be an integer of at least " + min + ", got \"" + value + "\"");
  }
}
