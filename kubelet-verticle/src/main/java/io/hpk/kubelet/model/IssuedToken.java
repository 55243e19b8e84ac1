package io.hpk.kubelet.model;

import java.time.Instant;

/**
 * A service-account token as the API server issued it for a pod.
 *
 * @param token the token itself
 * @param issuedAt when the kubelet asked for it
 * @param expiresAt when the API server says it expires
 */
public record IssuedToken(String token, Instant issuedAt, Instant expiresAt) {

  @Override
  public String toString() {
    return "token issued " + issuedAt + ", expires " + expiresAt;
  }
}
