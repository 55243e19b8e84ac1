package io.hpk.slurm.images;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a pod's imagePullSecrets ({@code kubernetes.io/dockerconfigjson} or the
 * older {@code .dockercfg}), matched to an image's registry. Pure.
 */
public record RegistryCredentials(String username, String password) {

  /** The first pull secret that has credentials for the image's registry. */
  public static Optional<RegistryCredentials> find(
      List<Map<String, byte[]>> pullSecrets, ImageReference image) {
    String registry = registryOf(image.image());
    for (Map<String, byte[]> secret : pullSecrets) {
      Optional<RegistryCredentials> found = fromSecret(secret, registry);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** Names these credentials in a cache key without revealing them. */
  public String fingerprint() {
    return ImageReference.sha256("registry-login\0" + username + "\0" + password);
  }

  /** The environment apptainer reads for docker:// registry logins. */
  public Map<String, String> environment() {
    return Map.of("APPTAINER_DOCKER_USERNAME", username, "APPTAINER_DOCKER_PASSWORD", password);
  }

  static String registryOf(String image) {
    String name = image.replaceFirst("^[a-z-]+://", "");
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
    return isHost ? first : "docker.io";
  }

  private static Optional<RegistryCredentials> fromSecret(
      Map<String, byte[]> secret, String registry) {
    JsonObject auths;
    try {
      if (secret.containsKey(".dockerconfigjson")) {
        auths =
            new JsonObject(text(secret.get(".dockerconfigjson")))
                .getJsonObject("auths", new JsonObject());
      } else if (secret.containsKey(".dockercfg")) {
        auths = new JsonObject(text(secret.get(".dockercfg")));
      } else {
        return Optional.empty();
      }
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
    for (String key : auths.fieldNames()) {
      if (registry.equals(hostOf(key))
          || ("docker.io".equals(registry) && hostOf(key).endsWith("docker.io"))) {
        return credentials(auths.getJsonObject(key));
      }
    }
    return Optional.empty();
  }

  private static Optional<RegistryCredentials> credentials(JsonObject entry) {
    if (entry.getString("username") != null && entry.getString("password") != null) {
      return Optional.of(
          new RegistryCredentials(entry.getString("username"), entry.getString("password")));
    }
    String auth = entry.getString("auth");
    if (auth == null) {
      return Optional.empty();
    }
    String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(
            new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** "https://index.docker.io/v1/" → "index.docker.io"; "localhost:5000" stays. */
  private static String hostOf(String key) {
    return key.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RegistryCredentials[" + username + ", password hidden]";
  }
}
