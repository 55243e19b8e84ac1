package io.hpk.kubelet.server;

import java.util.List;
import java.util.Map;

/** Who made a kubelet API request, as a client certificate or a TokenReview says. */
public record RequestUser(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  public RequestUser {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  /** Context key under which the kubelet server leaves the authenticated user for routes. */
  public static final String CONTEXT_KEY = "hpk.kubelet.user";
}
