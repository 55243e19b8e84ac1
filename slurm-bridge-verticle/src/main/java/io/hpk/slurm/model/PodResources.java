package io.hpk.slurm.model;

import java.util.Map;

/**
 * What the kubelet resolved from the API server for one pod; the bridge itself has no API access.
 *
 * @param configMaps name → key → value
 * @param secrets name → key → decoded bytes
 * @param serviceAccountTokens projected volume name + "/" + path → token
 * @param persistentVolumePaths claim name → host path of its bound hostPath or local volume
 * @param serviceEnvironment variables every container gets beneath its own (KUBERNETES_SERVICE_HOST
 *     and the rest)
 */
public record PodResources(
    Map<String, Map<String, String>> configMaps,
    Map<String, Map<String, byte[]>> secrets,
    Map<String, String> serviceAccountTokens,
    Map<String, String> persistentVolumePaths,
    Map<String, String> serviceEnvironment) {

  public static PodResources none() {
    return new PodResources(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }
}
