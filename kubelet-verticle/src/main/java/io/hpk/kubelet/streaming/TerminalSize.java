package io.hpk.kubelet.streaming;

/** A terminal's columns and rows, as in client-go's {@code {"Width":W,"Height":H}}. */
public record TerminalSize(int width, int height) {

  public static final TerminalSize DEFAULT = new TerminalSize(80, 24);
}
