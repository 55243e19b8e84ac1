package io.hpk.common.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * The one failure mapping of HPK's bus protocol, as Eclipse Hono does it: consumers fail a request
 * with one of these codes, callers turn any failed request into a sentence for the log or the pod.
 */
public enum BusFailure {
  /** The request cannot be served as sent (malformed body, invalid values). */
  BAD_REQUEST(400),
  /** The consumer tried and failed (Slurm or the filesystem refused). */
  FAILED(500);

  private final int code;

  BusFailure(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Fails the request with this code; the message says what went wrong. */
  public void fail(Message<?> request, String message) {
    request.fail(code, message);
  }

  /** A failed request in words: nobody listening, no answer in time, or the consumer's refusal. */
  public static String describe(String address, Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return failure.toString();
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> "nothing serves " + address + " (is that part of HPK running?)";
      case TIMEOUT -> "no answer on " + address + " in time";
      case RECIPIENT_FAILURE, ERROR ->
          address + " failed (" + reply.failureCode() + "): " + reply.getMessage();
    };
  }
}
