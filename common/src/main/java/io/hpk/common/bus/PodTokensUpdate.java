package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Service-account tokens the kubelet requested again before the pod's old ones expire; the bridge
 * writes them over the pod's token files.
 *
 * @param owner the cluster and node the pod's job belongs to
 * @param pod the pod as the API server returned it, in its JSON form (where its tokens go)
 * @param serviceAccountTokens projected volume name + "/" + path → token, as in {@link
 *     PodRunRequest}
 */
public record PodTokensUpdate(
    JobOwner owner, JsonObject pod, Map<String, String> serviceAccountTokens) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("owner", owner.toJson())
        .put("pod", pod)
        .put("serviceAccountTokens", new JsonObject(new LinkedHashMap<>(serviceAccountTokens)));
  }

  public static PodTokensUpdate fromJson(JsonObject json) {
    Map<String, String> tokens = new LinkedHashMap<>();
    json.getJsonObject("serviceAccountTokens", new JsonObject())
        .forEach(e -> tokens.put(e.getKey(), String.valueOf(e.getValue())));
    return new PodTokensUpdate(
        JobOwner.fromJson(json.getJsonObject("owner", new JsonObject())),
        json.getJsonObject("pod"),
        tokens);
  }
}
