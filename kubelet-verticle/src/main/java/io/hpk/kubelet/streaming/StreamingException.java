package io.hpk.kubelet.streaming;

/** A request that cannot be served, with the HTTP status the client gets before any upgrade. */
public final class StreamingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public StreamingException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
