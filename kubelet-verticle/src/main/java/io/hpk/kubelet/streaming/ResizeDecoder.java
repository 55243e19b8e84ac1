package io.hpk.kubelet.streaming;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the resize stream (a sequence of JSON objects, as Go's json.Encoder writes them, arriving
 * in arbitrary pieces) into terminal sizes. Objects that are not a positive size are skipped.
 */
public final class ResizeDecoder {

  private static final int MAX_OBJECT = 4096;

  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private int depth;
  private boolean inString;
  private boolean escaped;

  public List<TerminalSize> feed(Buffer bytes) {
    List<TerminalSize> sizes = new ArrayList<>();
    for (int i = 0; i < bytes.length(); i++) {
      byte b = bytes.getByte(i);
      if (depth == 0 && b != '{') {
        continue;
      }
      current.write(b);
      track(b);
      if (depth == 0) {
        decode(current.toString(java.nio.charset.StandardCharsets.UTF_8), sizes);
        current.reset();
      } else if (current.size() > MAX_OBJECT) {
        current.reset();
        depth = 0;
        inString = false;
      }
    }
    return sizes;
  }

  private void track(byte b) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        inString = false;
      }
    } else if (b == '"') {
      inString = true;
    } else if (b == '{') {
      depth++;
    } else if (b == '}') {
      depth--;
    }
  }

  private static void decode(String text, List<TerminalSize> sizes) {
    try {
      JsonObject json = new JsonObject(text);
      int width = json.getNumber("Width", 0).intValue();
      int height = json.getNumber("Height", 0).intValue();
      if (width > 0 && height > 0 && width <= 0xffff && height <= 0xffff) {
        sizes.add(new TerminalSize(width, height));
      }
    } catch (DecodeException | ClassCastException e) {
      // Not a size; the stream goes on.
    }
  }
}
