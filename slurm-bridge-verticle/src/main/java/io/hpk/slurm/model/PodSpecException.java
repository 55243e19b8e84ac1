package io.hpk.slurm.model;

/**
 * A pod spec that cannot be turned into a Slurm job. {@link #reason()} is a CamelCase word for the
 * pod's event and status (for example {@code UnsupportedVolume}); the message names the field and
 * what was expected.
 */
public class PodSpecException extends RuntimeException {

  private final String reason;

  public PodSpecException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
