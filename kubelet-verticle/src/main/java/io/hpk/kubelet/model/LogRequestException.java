package io.hpk.kubelet.model;

/** A log request the kubelet cannot serve, with the HTTP status and a message for the user. */
public final class LogRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public LogRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
