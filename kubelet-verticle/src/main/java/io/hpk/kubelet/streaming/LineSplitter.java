package io.hpk.kubelet.streaming;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Complete lines (without the newline) out of chunks that split them anywhere. */
final class LineSplitter {

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  List<byte[]> feed(byte[] chunk) {
    List<byte[]> lines = new ArrayList<>();
    for (byte b : chunk) {
      if (b == '\n') {
        lines.add(partial.toByteArray());
        partial.reset();
      } else {
        partial.write(b);
      }
    }
    return lines;
  }
}
