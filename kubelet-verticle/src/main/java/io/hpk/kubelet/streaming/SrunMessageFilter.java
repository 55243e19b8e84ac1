package io.hpk.kubelet.streaming;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Removes srun's own report of the task's exit ("srun: error: node: task 0: Exited with exit code
 * 3") from the output a user sees; the exit code reaches the user through the error stream instead.
 * Only a line that starts like "srun: " is held back until its end; everything else passes at once.
 */
public final class SrunMessageFilter {

  private static final byte[] PREFIX = "srun: ".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern EXIT_REPORT =
      Pattern.compile(
          "srun: error: [^:]+: tasks? [0-9,-]+: (Exited with exit code \\d+|Killed|Terminated)\\r?");

  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  private boolean atLineStart = true;
  private boolean holding;

  public Buffer filter(Buffer chunk) {
    Buffer out = Buffer.buffer(chunk.length());
    for (int i = 0; i < chunk.length(); i++) {
      byte b = chunk.getByte(i);
      if (atLineStart) {
        holding = true;
        atLineStart = false;
      }
      if (b == '\n') {
        atLineStart = true;
      }
      if (!holding) {
        out.appendByte(b);
        continue;
      }
      held.write(b);
      if (b == '\n') {
        byte[] line = held.toByteArray();
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        if (!EXIT_REPORT.matcher(text).matches()) {
          out.appendBytes(line);
        }
        held.reset();
        holding = false;
      } else if (held.size() <= PREFIX.length && b != PREFIX[held.size() - 1]) {
        out.appendBytes(held.toByteArray());
        held.reset();
        holding = false;
      }
    }
    return out;
  }

  /** What is still held when the output ends. */
  public Buffer flush() {
    Buffer rest = Buffer.buffer(held.toByteArray());
    held.reset();
    holding = false;
    atLineStart = true;
    return rest;
  }
}
