package io.hpk.slurm.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A container image as a pod names it, and what Apptainer pulls for it. Pure. */
public record ImageReference(String image) {

  /**
   * Registry, path, tag and digest characters only: nothing a shell or Apptainer would interpret.
   */
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

  public static ImageReference of(String image) {
    if (image == null
        || image.isBlank()
        || image.length() > 512
        || !VALID.matcher(image).matches()) {
      throw new IllegalArgumentException("invalid image reference '" + image + "'");
    }
    return new ImageReference(image);
  }

  /** docker://… unless the reference already names an Apptainer transport. */
  public String pullSource() {
    return image.matches("^(docker|oras|library|docker-archive|oci|oci-archive)://.*")
        ? image
        : "docker://" + image;
  }

  /** Kubernetes' default: Always for :latest or no tag, IfNotPresent otherwise. */
  public String defaultPullPolicy() {
    String last = image.substring(image.lastIndexOf('/') + 1);
    boolean tagged = last.contains(":") || image.contains("@");
    return !tagged || last.endsWith(":latest") ? "Always" : "IfNotPresent";
  }

  /** File name of the cached SIF: keyed by the full reference. */
  public String cacheFileName() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16) + ".sif";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
