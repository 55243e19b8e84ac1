package io.hpk.common.bus;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod to run, with what the kubelet resolved for it from the API server: the bridge has no API
 * access.
 *
 * @param owner the cluster and node the pod's job belongs to (its comment names them)
 * @param pod the pod as the API server returned it, in its JSON form
 * @param configMaps name → key → value
 * @param secrets name → key → value
 * @param serviceAccountTokens projected volume name + "/" + path → token
 * @param persistentVolumePaths claim name → host path of the bound volume
 * @param serviceEnvironment variables every container gets beneath its own: the kubernetes
 *     Service's, as a kubelet sets them
 * @param podGroup the pod's coscheduling group, {@link PodGroupRef#NONE} for a pod of its own
 */
public record PodRunRequest(
    JobOwner owner,
    JsonObject pod,
    Map<String, Map<String, String>> configMaps,
    Map<String, Map<String, byte[]>> secrets,
    Map<String, String> serviceAccountTokens,
    Map<String, String> persistentVolumePaths,
    Map<String, String> serviceEnvironment,
    PodGroupRef podGroup) {

  /** A pod of no group. */
  public PodRunRequest(
      JobOwner owner,
      JsonObject pod,
      Map<String, Map<String, String>> configMaps,
      Map<String, Map<String, byte[]>> secrets,
      Map<String, String> serviceAccountTokens,
      Map<String, String> persistentVolumePaths,
      Map<String, String> serviceEnvironment) {
    this(
        owner,
        pod,
        configMaps,
        secrets,
        serviceAccountTokens,
        persistentVolumePaths,
        serviceEnvironment,
        PodGroupRef.NONE);
  }

  /** The same request for a pod of the given group. */
  public PodRunRequest inGroup(PodGroupRef group) {
    return new PodRunRequest(
        owner,
        pod,
        configMaps,
        secrets,
        serviceAccountTokens,
        persistentVolumePaths,
        serviceEnvironment,
        group);
  }

  public JsonObject toJson() {
    JsonObject encodedSecrets = new JsonObject();
    secrets.forEach(
        (name, data) -> {
          JsonObject keys = new JsonObject();
          data.forEach((k, v) -> keys.put(k, Base64.getEncoder().encodeToString(v)));
          encodedSecrets.put(name, keys);
        });
    return new JsonObject()
        .put("owner", owner.toJson())
        .put("pod", pod)
        .put("configMaps", new JsonObject(new LinkedHashMap<>(configMaps)))
        .put("secrets", encodedSecrets)
        .put("serviceAccountTokens", new JsonObject(new LinkedHashMap<>(serviceAccountTokens)))
        .put("persistentVolumePaths", new JsonObject(new LinkedHashMap<>(persistentVolumePaths)))
        .put("serviceEnvironment", new JsonObject(new LinkedHashMap<>(serviceEnvironment)))
        .put("podGroup", podGroup.toJson());
  }

  public static PodRunRequest fromJson(JsonObject json) {
    Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    json.getJsonObject("configMaps", new JsonObject())
        .forEach(e -> configMaps.put(e.getKey(), strings((JsonObject) e.getValue())));
    Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
    json.getJsonObject("secrets", new JsonObject())
        .forEach(
            e -> {
              Map<String, byte[]> data = new LinkedHashMap<>();
              ((JsonObject) e.getValue())
                  .forEach(
                      k -> data.put(k.getKey(), Base64.getDecoder().decode((String) k.getValue())));
              secrets.put(e.getKey(), data);
            });
    return new PodRunRequest(
        JobOwner.fromJson(json.getJsonObject("owner", new JsonObject())),
        json.getJsonObject("pod"),
        configMaps,
        secrets,
        strings(json.getJsonObject("serviceAccountTokens", new JsonObject())),
        strings(json.getJsonObject("persistentVolumePaths", new JsonObject())),
        strings(json.getJsonObject("serviceEnvironment", new JsonObject())),
        PodGroupRef.fromJson(json.getJsonObject("podGroup")));
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> out = new LinkedHashMap<>();
    json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }
}
