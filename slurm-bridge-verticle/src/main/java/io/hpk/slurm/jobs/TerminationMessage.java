package io.hpk.slurm.jobs;

import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A terminated container's termination message from the files its job script left after the run,
 * within a kubelet's limits: 4096 bytes of the container's own file, or 2048 bytes of its log's
 * last lines (the script copies at most 80). The text is the pod's, so it is only ever decoded here
 * (malformed UTF-8 replaced) and goes into JSON as a value. Blocking: worker pool only.
 */
final class TerminationMessage {

  static final int FILE_LIMIT = 4096;
  static final int LOG_LIMIT = 2048;

  private TerminationMessage() {}

  static Optional<String> read(PodDirectory paths, String container) {
    Optional<byte[]> file = head(paths.containerMessage(container), FILE_LIMIT);
    if (file.isPresent()) {
      return file.map(TerminationMessage::text);
    }
    return tail(paths.containerLogMessage(container)).map(TerminationMessage::fromCriLog);
  }

  /** The content of CRI log lines ({@code TIME STREAM P|F TEXT}), its last 2048 bytes. */
  static String fromCriLog(byte[] log) {
    StringBuilder out = new StringBuilder();
    for (String line : text(log).split("\n", -1)) {
      String[] parts = line.split(" ", 4);
      if (parts.length < 3) {
        continue;
      }
      out.append(parts.length == 4 ? parts[3] : "");
      if ("F".equals(parts[2])) {
        out.append('\n');
      }
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    int from = Math.max(0, bytes.length - LOG_LIMIT);
    return text(Arrays.copyOfRange(bytes, from, bytes.length));
  }

  private static Optional<byte[]> head(Path file, int limit) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(in.readNBytes(limit));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The script's tail already bounds the file to 80 lines; this bounds what is read of it. */
  private static Optional<byte[]> tail(Path file) {
    return head(file, 64 * 1024);
  }

  static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return "";
    }
  }
}
