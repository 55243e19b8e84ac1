package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a pod's projected service-account tokens, written again when the kubelet sends fresh
 * tokens. Where each goes comes from the pod's spec, with the checks of {@link VolumePlan}; tokens
 * the spec has no place for are left out.
 */
public final class ServiceAccountTokenFiles {

  private ServiceAccountTokenFiles() {}

  /** One file per token of {@code tokens} (volume name + "/" + path → token) the spec projects. */
  public static List<PlannedFile> of(Pod pod, Map<String, String> tokens) {
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    List<PlannedFile> files = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      if (volume.getProjected() == null || volume.getProjected().getSources() == null) {
        continue;
      }
      String field = "spec.volumes[" + i + "]";
      String name = KubernetesNames.dnsLabel(volume.getName(), field + ".name");
      VolumeFiles volumeFiles = new VolumeFiles(name, field);
      for (VolumeProjection source : volume.getProjected().getSources()) {
        ServiceAccountTokenProjection projection = source.getServiceAccountToken();
        String token =
            projection == null ? null : tokens.get(volume.getName() + "/" + projection.getPath());
        if (token != null) {
          volumeFiles.add(
              projection.getPath(),
              VolumeFiles.utf8(token),
              null,
              volume.getProjected().getDefaultMode());
        }
      }
      files.addAll(volumeFiles.files());
    }
    return files;
  }
}
