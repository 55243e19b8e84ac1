package io.hpk.kubelet.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a log file line by line from a position, for one request (blocking: call it on a worker).
 * The channel stays open, so a follower keeps reading the run it started with even after the job
 * script moves the file aside on a restart. A file that does not exist yet is opened when it
 * appears.
 */
public final class LogFileReader implements Closeable {

  private static final int TAIL_BLOCK = 64 * 1024;
  private static final int MAX_LINE = 16 * 1024 * 1024;

  /** Complete lines read (without newlines), and whether the end of the file was reached. */
  public record Chunk(List<byte[]> lines, boolean atEnd) {}

  private final Path file;
  private final long tailLines;
  private FileChannel channel;
  private long position;

  private LogFileReader(Path file, long tailLines) {
    this.file = file;
    this.tailLines = tailLines;
  }

  /** A reader that starts {@code tailLines} lines before the end (-1: at the beginning). */
  public static LogFileReader open(Path file, long tailLines) throws IOException {
    LogFileReader reader = new LogFileReader(file, tailLines);
    reader.openIfPresent();
    return reader;
  }

  private boolean openIfPresent() throws IOException {
    if (channel != null) {
      return true;
    }
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    position = tailLines < 0 ? 0 : tailStart(channel, tailLines);
    return true;
  }

  /**
   * The complete lines after the last read, about {@code maxBytes} of them. With {@code toEnd} (the
   * writer has finished) a last line without newline is returned too.
   */
  public synchronized Chunk read(int maxBytes, boolean toEnd) throws IOException {
    if (!openIfPresent()) {
      return new Chunk(List.of(), true);
    }
    int size = maxBytes;
    while (true) {
      ByteBuffer buffer = ByteBuffer.allocate(size);
      int n = Math.max(0, channel.read(buffer, position));
      byte[] bytes = Arrays.copyOf(buffer.array(), n);
      boolean atEnd = position + n >= channel.size();
      int last = lastNewline(bytes);
      if (last < 0 && n == size && size < MAX_LINE) {
        size *= 2;
        continue;
      }
      int consumed = last + 1;
      List<byte[]> lines = split(bytes, consumed);
      if (consumed < n && (toEnd && atEnd || last < 0 && n == size)) {
        // The writer is done (or one line is longer than we hold): take the rest as a line.
        lines.add(Arrays.copyOfRange(bytes, consumed, n));
        consumed = n;
      }
      position += consumed;
      return new Chunk(lines, atEnd && consumed == n);
    }
  }

  /** How long the file is now (0 while it does not exist): whether a follower has more to read. */
  public synchronized long size() throws IOException {
    return openIfPresent() ? channel.size() : 0;
  }

  /** Where the last {@code lines} lines begin; a final newline ends the last line. */
  static long tailStart(FileChannel channel, long lines) throws IOException {
    long end = channel.size();
    if (lines == 0 || end == 0) {
      return end;
    }
    long newlines = 0;
    long pos = end;
    boolean skipFinal = true;
    ByteBuffer buffer = ByteBuffer.allocate(TAIL_BLOCK);
    while (pos > 0) {
      int len = (int) Math.min(TAIL_BLOCK, pos);
      pos -= len;
      buffer.clear().limit(len);
      channel.read(buffer, pos);
      for (int i = len - 1; i >= 0; i--) {
        if (buffer.get(i) != '\n') {
          skipFinal = false;
          continue;
        }
        if (skipFinal && pos + i == end - 1) {
          skipFinal = false;
          continue;
        }
        if (++newlines == lines) {
          return pos + i + 1;
        }
      }
    }
    return 0;
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static List<byte[]> split(byte[] bytes, int length) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
