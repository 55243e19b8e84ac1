package io.hpk.kubelet.streaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Complete lines (without the newline) out of chunks that split them anywhere. */
final class LineSplitter {

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  List<String> feed(byte[] chunk) {
    List<String> lines = new ArrayList<>();
    for (byte b : chunk) {
      if (b == '\n') {
        lines.add(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      } else {
        partial.write(b);
      }
    }
    return lines;
  }
}
