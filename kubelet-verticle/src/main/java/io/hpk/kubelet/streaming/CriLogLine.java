package io.hpk.kubelet.streaming;

/**
 * One line of a container log in CRI format ({@code <time> <stdout|stderr> <F|P> <content>}), as
 * the job script writes it; attach forwards the content to the stream it came from.
 */
public record CriLogLine(boolean stderr, boolean partial, String content) {

  /** The parsed line, or null when it is not in CRI format. */
  public static CriLogLine parse(String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
    if (third < 0) {
      return null;
    }
    String stream = line.substring(first + 1, second);
    String tag = line.substring(second + 1, third);
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      return null;
    }
    return new CriLogLine(stream.equals("stderr"), tag.equals("P"), line.substring(third + 1));
  }

  /** The bytes the container wrote: the content, plus the newline unless the line was partial. */
  public String written() {
    return partial ? content : content + "\n";
  }
}
