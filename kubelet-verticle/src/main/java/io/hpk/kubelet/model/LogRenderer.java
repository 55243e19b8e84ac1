package io.hpk.kubelet.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns CRI log lines into what {@code kubectl logs} prints, as the kubelet does: the text without
 * the CRI prefix, lines before {@code since} left out, with {@code timestamps} each line prefixed
 * by its time (always nine fractional digits) and a space, and the output cut at exactly {@code
 * limitBytes}. Lines in other formats are skipped.
 */
public final class LogRenderer {

  private static final DateTimeFormatter RFC3339_NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

  private final Instant since;
  private final boolean timestamps;
  private long remaining;

  public LogRenderer(ContainerLogOptions options) {
    this.since = options.since();
    this.timestamps = options.timestamps();
    this.remaining = options.limitBytes() < 0 ? Long.MAX_VALUE : options.limitBytes();
  }

  /** Appends the output for one line (without its newline) to {@code out}. */
  public void append(byte[] line, ByteArrayOutputStream out) {
    if (exhausted()) {
      return;
    }
    CriLogLine.parse(line)
        .filter(l -> since == null || !l.time().isBefore(since))
        .ifPresent(
            l -> {
              if (timestamps) {
                write(
                    (RFC3339_NANO_FIXED.format(l.time()) + " ").getBytes(StandardCharsets.US_ASCII),
                    out);
              }
              write(l.content(), out);
              if (!l.partial()) {
                write(new byte[] {'\n'}, out);
              }
            });
  }

  /** True once limitBytes have been written: nothing more will be. */
  public boolean exhausted() {
    return remaining <= 0;
  }

  private void write(byte[] bytes, ByteArrayOutputStream out) {
    int n = (int) Math.min(bytes.length, remaining);
    out.write(bytes, 0, n);
    remaining -= n;
  }
}
