package io.hpk.slurm.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
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

  private static final Pattern TRANSPORT =
      Pattern.compile("^(docker|oras|library|docker-archive|oci|oci-archive)://.*");

  /** Transports that read an image from a file (or layout directory) instead of a registry. */
  private static final Set<String> LOCAL_FILE_SCHEMES =
      Set.of("oci", "oci-archive", "docker-archive");

  /** docker://… unless the reference already names an Apptainer transport. */
  public String pullSource() {
    return TRANSPORT.matcher(image).matches() ? image : "docker://" + image;
  }

  /** The Apptainer transport, {@code docker} when the reference names none. */
  public String scheme() {
    return TRANSPORT.matcher(image).matches() ? image.substring(0, image.indexOf(':')) : "docker";
  }

  public boolean readsLocalFile() {
    return LOCAL_FILE_SCHEMES.contains(scheme());
  }

  /** Kubernetes' default: Always for :latest or no tag, IfNotPresent otherwise. */
  public String defaultPullPolicy() {
    String last = image.substring(image.lastIndexOf('/') + 1);
    boolean tagged = last.contains(":") || image.contains("@");
    return !tagged || last.endsWith(":latest") ? "Always" : "IfNotPresent";
  }

  /** File name of the cached SIF of an image pulled without credentials. */
  public String cacheFileName() {
    return cacheFileName("");
  }

  /** File name of the cached SIF: keyed by the full reference and whose credentials pulled it. */
  public String cacheFileName(String credentialFingerprint) {
    String key = credentialFingerprint.isEmpty() ? image : image + "\0" + credentialFingerprint;
    return sha256(key) + ".sif";
  }

  static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
