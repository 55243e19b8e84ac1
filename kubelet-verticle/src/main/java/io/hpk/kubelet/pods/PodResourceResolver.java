package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.bus.PodGroupRef;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRunRequest;
import io.hpk.kubelet.model.IssuedToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fetches what a pod refers to (ConfigMaps, Secrets, service-account tokens, bound volumes) so the
 * bridge can write it into the pod's directory. Missing objects are left out: the job script
 * translation reports them as the pod's error. Blocking: worker pool only.
 */
final class PodResourceResolver {

  /** What the bridge gets, and the tokens in it with their expiry, which the kubelet refreshes. */
  record ResolvedPod(PodRunRequest request, Map<String, IssuedToken> tokens) {}

  private final KubernetesClient client;
  private final InformedObjects objects;
  private final ServiceAccountTokens tokens;
  private final Supplier<Map<String, String>> serviceEnvironment;

  PodResourceResolver(
      KubernetesClient client,
      InformedObjects objects,
      ServiceAccountTokens tokens,
      Supplier<Map<String, String>> serviceEnvironment) {
    this.client = client;
    this.objects = objects;
    this.tokens = tokens;
    this.serviceEnvironment = serviceEnvironment;
  }

  ResolvedPod resolve(Pod pod, JobOwner owner) {
    References refs = References.of(pod);
    Map<String, Map<String, String>> configMaps = configMaps(pod, refs);
    Map<String, Map<String, byte[]>> secrets = secrets(pod, refs);
    Map<String, IssuedToken> issued = tokens.issue(pod, key -> true);
    Map<String, String> values = new LinkedHashMap<>();
    issued.forEach((key, token) -> values.put(key, token.token()));
    return new ResolvedPod(
        new PodRunRequest(
            owner,
            PodJson.toJson(pod),
            configMaps,
            secrets,
            values,
            volumePaths(pod),
            serviceEnvironment.get(),
            podGroup(pod)),
        issued);
  }

  private static final ResourceDefinitionContext POD_GROUPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("scheduling.x-k8s.io")
          .withVersion("v1alpha1")
          .withKind("PodGroup")
          .withPlural("podgroups")
          .withNamespaced(true)
          .build();

  /**
   * The pod's coscheduling group and its minMember as the PodGroup says now; NOT_FOUND when the
   * PodGroup (or its resource type) does not exist.
   */
  private PodGroupRef podGroup(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String name = labels == null ? null : labels.get(PodGroupRef.LABEL);
    if (name == null || name.isEmpty()) {
      return PodGroupRef.NONE;
    }
    GenericKubernetesResource group =
        client
            .genericKubernetesResources(POD_GROUPS)
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(name)
            .get();
    if (group == null) {
      return new PodGroupRef(name, PodGroupRef.NOT_FOUND);
    }
    Object spec = group.getAdditionalProperties().get("spec");
    Object minMember = spec instanceof Map<?, ?> fields ? fields.get("minMember") : null;
    // The CRD requires at least 1; a PodGroup without it asks for no more than the pod itself.
    return new PodGroupRef(name, minMember instanceof Number n ? Math.max(1, n.intValue()) : 1);
  }

  /** The pod's ConfigMaps and Secrets as they are now, for a pod that runs: no tokens. */
  PodRunRequest configAndSecrets(Pod pod, JobOwner owner) {
    References refs = References.of(pod);
    return new PodRunRequest(
        owner,
        PodJson.toJson(pod),
        configMaps(pod, refs),
        secrets(pod, refs),
        Map.of(),
        Map.of(),
        Map.of());
  }

  private Map<String, Map<String, String>> configMaps(Pod pod, References refs) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    for (String name : refs.configMaps()) {
      ConfigMap cm = objects.configMap(ns, name);
      if (cm != null) {
        Map<String, String> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
          data.putAll(cm.getData());
        }
        if (cm.getBinaryData() != null) {
          cm.getBinaryData()
              .forEach(
                  (k, v) ->
                      data.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        configMaps.put(name, data);
      }
    }
    return configMaps;
  }

  private Map<String, Map<String, byte[]>> secrets(Pod pod, References refs) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
    for (String name : refs.secrets()) {
      Secret secret = objects.secret(ns, name);
      if (secret != null) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
          secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        secrets.put(name, data);
      }
    }
    return secrets;
  }

  private Map<String, String> volumePaths(Pod pod) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (Volume volume : volumes(pod)) {
      if (volume.getPersistentVolumeClaim() == null) {
        continue;
      }
      String claim = volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim pvc =
          client
              .persistentVolumeClaims()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(claim)
              .get();
      if (pvc == null || pvc.getSpec().getVolumeName() == null) {
        continue;
      }
      PersistentVolume pv =
          client.persistentVolumes().withName(pvc.getSpec().getVolumeName()).get();
      if (pv != null && pv.getSpec().getHostPath() != null) {
        paths.put(claim, pv.getSpec().getHostPath().getPath());
      } else if (pv != null && pv.getSpec().getLocal() != null) {
        paths.put(claim, pv.getSpec().getLocal().getPath());
      }
    }
    return paths;
  }

  /** The ConfigMaps and Secrets a pod names, each in the order the spec first names it. */
  record References(Set<String> configMaps, Set<String> secrets) {

    static References of(Pod pod) {
      References refs = new References(new LinkedHashSet<>(), new LinkedHashSet<>());
      list(pod.getSpec().getImagePullSecrets()).forEach(ref -> refs.secrets.add(ref.getName()));
      for (Volume v : volumes(pod)) {
        if (v.getConfigMap() != null) {
          refs.configMaps.add(v.getConfigMap().getName());
        }
        if (v.getSecret() != null) {
          refs.secrets.add(v.getSecret().getSecretName());
        }
        if (v.getProjected() != null) {
          for (VolumeProjection s : list(v.getProjected().getSources())) {
            if (s.getConfigMap() != null) {
              refs.configMaps.add(s.getConfigMap().getName());
            }
            if (s.getSecret() != null) {
              refs.secrets.add(s.getSecret().getName());
            }
          }
        }
      }
      for (Container c : allContainers(pod)) {
        for (EnvVar e : list(c.getEnv())) {
          EnvVarSource from = e.getValueFrom();
          if (from != null && from.getConfigMapKeyRef() != null) {
            refs.configMaps.add(from.getConfigMapKeyRef().getName());
          }
          if (from != null && from.getSecretKeyRef() != null) {
            refs.secrets.add(from.getSecretKeyRef().getName());
          }
        }
        for (EnvFromSource e : list(c.getEnvFrom())) {
          if (e.getConfigMapRef() != null) {
            refs.configMaps.add(e.getConfigMapRef().getName());
          }
          if (e.getSecretRef() != null) {
            refs.secrets.add(e.getSecretRef().getName());
          }
        }
      }
      return refs;
    }
  }

  private static List<Volume> volumes(Pod pod) {
    return list(pod.getSpec().getVolumes());
  }

  private static List<Container> allContainers(Pod pod) {
    List<Container> all = new ArrayList<>(list(pod.getSpec().getInitContainers()));
    all.addAll(list(pod.getSpec().getContainers()));
    // An ephemeral container's environment may name ConfigMaps and Secrets too.
    list(pod.getSpec().getEphemeralContainers())
        .forEach(
            e ->
                all.add(
                    new ContainerBuilder()
                        .withName(e.getName())
                        .withEnv(e.getEnv())
                        .withEnvFrom(e.getEnvFrom())
                        .build()));
    return all;
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
