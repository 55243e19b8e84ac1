package io.hpk.launcher;

import io.hpk.common.config.ConfigException;
import io.hpk.common.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the members of one HPK cluster share. Only a name derived from it goes on the wire, so
 * a JVM that lacks the secret asks to join a cluster of another name and is turned away.
 */
final class ClusterSecret {

  private static final int MIN_LENGTH = 16;
  private static final String NAME_CONTEXT = "hpk-cluster";

  private final byte[] secret;

  private ClusterSecret(byte[] secret) {
    this.secret = secret;
  }

  /**
   * Reads the secret once at start, before any verticle runs.
   *
   * @throws ConfigException when the file is missing, readable by anyone but its owner, or short
   */
  static ClusterSecret read(Path file) {
    String where =
        "cluster secret file '" + file + "' (" + ConfigKey.CLUSTER_SECRET_FILE.key() + ")";
    String value;
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!ownerOnly(permissions)) {
        throw new ConfigException(
            where
                + " is open to group or others ("
                + PosixFilePermissions.toString(permissions)
                + "): chmod 600 it");
      }
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(where + " cannot be read: " + e);
    }
    if (value.length() < MIN_LENGTH) {
      throw new ConfigException(
          where
              + " holds fewer than "
              + MIN_LENGTH
              + " characters; 'openssl rand -hex 32' makes one");
    }
    return new ClusterSecret(value.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean ownerOnly(Set<PosixFilePermission> permissions) {
    return permissions.stream().allMatch(p -> p.name().startsWith("OWNER_"));
  }

  /** {@code hpk-} and 128 bits of HMAC-SHA256 of a fixed context under the secret. */
  String clusterName() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal(NAME_CONTEXT.getBytes(StandardCharsets.UTF_8));
      return "hpk-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
