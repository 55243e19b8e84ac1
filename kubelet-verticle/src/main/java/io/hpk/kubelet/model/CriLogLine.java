package io.hpk.kubelet.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI log file, as the job script writes it: {@code <RFC3339Nano time> stdout|stderr
 * F|P <text>}. P marks a part of a longer line that continues in the next record. The logs endpoint
 * renders these lines; attach forwards each one's bytes to the stream it came from.
 */
public record CriLogLine(Instant time, String stream, boolean partial, byte[] content) {

  /** Parses one line without its newline; empty when it is not in CRI format. */
  public static Optional<CriLogLine> parse(byte[] line) {
    int first = indexOf(line, 0);
    int second = first < 0 ? -1 : indexOf(line, first + 1);
    if (second < 0) {
      return Optional.empty();
    }
    int third = indexOf(line, second + 1);
    int tagEnd = third < 0 ? line.length : third;
    try {
      Instant time = Instant.parse(new String(line, 0, first, StandardCharsets.US_ASCII));
      String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
      String tag = new String(line, second + 1, tagEnd - second - 1, StandardCharsets.US_ASCII);
      if (!stream.equals("stdout") && !stream.equals("stderr")) {
        return Optional.empty();
      }
      boolean partial = tag.startsWith("P");
      byte[] content = third < 0 ? new byte[0] : Arrays.copyOfRange(line, third + 1, line.length);
      return Optional.of(new CriLogLine(time, stream, partial, content));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether the container wrote this to stderr. */
  public boolean stderr() {
    return stream.equals("stderr");
  }

  /** The bytes the container wrote: the content, plus the newline unless the line was partial. */
  public byte[] written() {
    if (partial) {
      return content;
    }
    byte[] line = Arrays.copyOf(content, content.length + 1);
    line[content.length] = '\n';
    return line;
  }

  private static int indexOf(byte[] line, int from) {
    for (int i = from; i < line.length; i++) {
      if (line[i] == ' ') {
        return i;
      }
    }
    return -1;
  }
}
