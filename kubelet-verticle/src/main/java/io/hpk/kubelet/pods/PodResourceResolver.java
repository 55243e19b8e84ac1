package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hpk.common.bus.PodJson;
import io.hpk.common.bus.PodRunRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches what a pod refers to (ConfigMaps, Secrets, service-account tokens, bound volumes) so the
 * bridge can write it into the pod's directory. Missing objects are left out: the job script
 * translation reports them as the pod's error. Blocking: worker pool only.
 */
final class PodResourceResolver {

  private final KubernetesClient client;

  PodResourceResolver(KubernetesClient client) {
    this.client = client;
  }

  PodRunRequest resolve(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    for (String name : referencedConfigMaps(pod)) {
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
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
    Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
    for (String name : referencedSecrets(pod)) {
      Secret secret = client.secrets().inNamespace(ns).withName(name).get();
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
    return new PodRunRequest(
        PodJson.toJson(pod), configMaps, secrets, tokens(pod), volumePaths(pod));
  }

  private Map<String, String> tokens(Pod pod) {
    Map<String, String> tokens = new LinkedHashMap<>();
    String sa =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    for (Volume volume : volumes(pod)) {
      if (volume.getProjected() == null) {
        continue;
      }
      for (VolumeProjection source : volume.getProjected().getSources()) {
        ServiceAccountTokenProjection projection = source.getServiceAccountToken();
        if (projection != null) {
          tokens.put(volume.getName() + "/" + projection.getPath(), token(pod, sa, projection));
        }
      }
    }
    return tokens;
  }

  private String token(Pod pod, String serviceAccount, ServiceAccountTokenProjection projection) {
    TokenRequestBuilder request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(
                projection.getExpirationSeconds() == null
                    ? 3607L
                    : projection.getExpirationSeconds())
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec();
    if (projection.getAudience() != null && !projection.getAudience().isEmpty()) {
      request.editSpec().withAudiences(projection.getAudience()).endSpec();
    }
    TokenRequest issued =
        client
            .serviceAccounts()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(serviceAccount)
            .tokenRequest(request.build());
    return issued.getStatus().getToken();
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

  static Set<String> referencedConfigMaps(Pod pod) {
    Set<String> names = new LinkedHashSet<>();
    for (Volume v : volumes(pod)) {
      if (v.getConfigMap() != null) {
        names.add(v.getConfigMap().getName());
      }
      if (v.getProjected() != null) {
        v.getProjected().getSources().stream()
            .filter(s -> s.getConfigMap() != null)
            .forEach(s -> names.add(s.getConfigMap().getName()));
      }
    }
    for (Container c : allContainers(pod)) {
      for (EnvVar e : list(c.getEnv())) {
        if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
          names.add(e.getValueFrom().getConfigMapKeyRef().getName());
        }
      }
      for (EnvFromSource e : list(c.getEnvFrom())) {
        if (e.getConfigMapRef() != null) {
          names.add(e.getConfigMapRef().getName());
        }
      }
    }
    return names;
  }

  static Set<String> referencedSecrets(Pod pod) {
    Set<String> names = new LinkedHashSet<>();
    if (pod.getSpec().getImagePullSecrets() != null) {
      pod.getSpec().getImagePullSecrets().forEach(ref -> names.add(ref.getName()));
    }
    for (Volume v : volumes(pod)) {
      if (v.getSecret() != null) {
        names.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        v.getProjected().getSources().stream()
            .filter(s -> s.getSecret() != null)
            .forEach(s -> names.add(s.getSecret().getName()));
      }
    }
    for (Container c : allContainers(pod)) {
      for (EnvVar e : list(c.getEnv())) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          names.add(e.getValueFrom().getSecretKeyRef().getName());
        }
      }
      for (EnvFromSource e : list(c.getEnvFrom())) {
        if (e.getSecretRef() != null) {
          names.add(e.getSecretRef().getName());
        }
      }
    }
    return names;
  }

  private static List<Volume> volumes(Pod pod) {
    return list(pod.getSpec().getVolumes());
  }

  private static List<Container> allContainers(Pod pod) {
    List<Container> all = new ArrayList<>(list(pod.getSpec().getInitContainers()));
    all.addAll(list(pod.getSpec().getContainers()));
    return all;
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
