package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each volume of a pod lives on the host, the files the bridge writes for it, and the script
 * lines that prepare it before any container starts.
 *
 * @param sources volume name → its host directory or file
 * @param files contents of configMap, secret, downwardAPI and projected volumes
 * @param setup script lines (directories to create, hostPath checks)
 */
public record VolumePlan(Map<String, Source> sources, List<PlannedFile> files, List<String> setup) {

  /** A volume's host path; {@code readOnly} when Kubernetes always mounts it read-only. */
  public record Source(Path path, boolean readOnly) {}

  private static final Set<String> HOST_PATH_TYPES =
      Set.of(
          "",
          "DirectoryOrCreate",
          "Directory",
          "FileOrCreate",
          "File",
          "Socket",
          "CharDevice",
          "BlockDevice");

  /**
   * The node's hosts file, which every user of the node may read anyway, is a hostPath any pod may
   * mount (read-only), wherever the site allows hostPaths: pods read it to compare with the one the
   * kubelet manages (the node conformance tests do).
   */
  private static final Path NODE_HOSTS = Path.of("/etc/hosts");

  private static final Set<String> NODE_FILE_TYPES = Set.of("", "File", "FileOrCreate");

  static VolumePlan of(
      Pod pod, PodDirectory paths, PodResources resources, JobSettings settings, DownwardApi api) {
    Map<String, Source> sources = new LinkedHashMap<>();
    List<PlannedFile> files = new ArrayList<>();
    List<String> setup = new ArrayList<>();
    List<Volume> volumes = volumesOf(pod);
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      VolumeFiles volumeFiles = VolumeFiles.of(volume, i);
      String field = volumeFiles.field();
      String name = volumeFiles.volume();
      Path inPod = paths.volumesDir().resolve(name);
      Source source;
      if (volume.getEmptyDir() != null) {
        source = new Source(inPod, false);
      } else if (volume.getConfigMap() != null || volume.getSecret() != null) {
        addConfigAndSecrets(volume, volumeFiles, resources);
        source = new Source(inPod, true);
      } else if (volume.getDownwardAPI() != null) {
        volumeFiles.addDownward(
            volume.getDownwardAPI().getItems(), volume.getDownwardAPI().getDefaultMode(), pod, api);
        source = new Source(inPod, true);
      } else if (volume.getProjected() != null) {
        addConfigAndSecrets(volume, volumeFiles, resources);
        addProjected(volume, field, volumeFiles, resources, pod, api);
        source = new Source(inPod, true);
      } else if (volume.getHostPath() != null) {
        source = hostPath(volume.getHostPath(), field, settings, setup);
      } else if (volume.getPersistentVolumeClaim() != null) {
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        String path = resources.persistentVolumePaths().get(claim);
        if (path == null) {
          throw new PodSpecException(
              "MissingVolume",
              field + ": persistentVolumeClaim " + claim + " has no bound host path");
        }
        source =
            new Source(
                VolumePaths.bindable(path, "MissingVolume", field + " (claim " + claim + ")"),
                Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly()));
      } else {
        throw new PodSpecException(
            "UnsupportedVolume",
            field
                + " ("
                + name
                + "): supported are emptyDir, configMap, secret, downwardAPI, projected, hostPath"
                + " and persistentVolumeClaim");
      }
      if (source.path().equals(inPod)) {
        setup.add("mkdir -p -- " + ShellQuote.quote(inPod.toString()));
      }
      if (sources.put(name, source) != null) {
        throw new PodSpecException(
            "InvalidVolume", field + ": volume " + name + " is defined twice");
      }
      files.addAll(volumeFiles.files());
    }
    return new VolumePlan(sources, files, setup);
  }

  /**
   * The files of a pod's ConfigMaps and Secrets, as their volumes and projections hold them: what a
   * running pod gets again when those objects change (a kubelet's volume update). Token and
   * downward API files are not among them.
   */
  public static List<PlannedFile> configAndSecretFiles(
      Pod pod, PodDirectory paths, PodResources resources) {
    List<PlannedFile> files = new ArrayList<>();
    List<Volume> volumes = volumesOf(pod);
    for (int i = 0; i < volumes.size(); i++) {
      VolumeFiles volumeFiles = VolumeFiles.of(volumes.get(i), i);
      addConfigAndSecrets(volumes.get(i), volumeFiles, resources);
      files.addAll(volumeFiles.files());
    }
    return files;
  }

  private static List<Volume> volumesOf(Pod pod) {
    return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
  }

  /** A configMap or secret volume's keys, or those of a projected volume's such sources. */
  private static void addConfigAndSecrets(
      Volume volume, VolumeFiles files, PodResources resources) {
    if (volume.getConfigMap() != null) {
      var cm = volume.getConfigMap();
      addConfigMap(
          files, resources, cm.getName(), cm.getItems(), cm.getDefaultMode(), cm.getOptional());
    } else if (volume.getSecret() != null) {
      var secret = volume.getSecret();
      addSecret(
          files,
          resources,
          secret.getSecretName(),
          secret.getItems(),
          secret.getDefaultMode(),
          secret.getOptional());
    } else if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
      Integer mode = volume.getProjected().getDefaultMode();
      for (VolumeProjection projection : volume.getProjected().getSources()) {
        if (projection.getConfigMap() != null) {
          var cm = projection.getConfigMap();
          addConfigMap(files, resources, cm.getName(), cm.getItems(), mode, cm.getOptional());
        } else if (projection.getSecret() != null) {
          var secret = projection.getSecret();
          addSecret(
              files, resources, secret.getName(), secret.getItems(), mode, secret.getOptional());
        }
      }
    }
  }

  private static void addConfigMap(
      VolumeFiles files,
      PodResources resources,
      String name,
      List<KeyToPath> items,
      Integer mode,
      Boolean optional) {
    files.addKeys(
        "ConfigMap",
        resources.configMaps().get(name),
        name,
        items,
        mode,
        optional,
        VolumeFiles::utf8);
  }

  private static void addSecret(
      VolumeFiles files,
      PodResources resources,
      String name,
      List<KeyToPath> items,
      Integer mode,
      Boolean optional) {
    files.addKeys("Secret", resources.secrets().get(name), name, items, mode, optional, b -> b);
  }

  private static void addProjected(
      Volume volume,
      String field,
      VolumeFiles files,
      PodResources resources,
      Pod pod,
      DownwardApi api) {
    Integer mode = volume.getProjected().getDefaultMode();
    List<VolumeProjection> projections =
        volume.getProjected().getSources() == null ? List.of() : volume.getProjected().getSources();
    for (VolumeProjection projection : projections) {
      if (projection.getConfigMap() != null || projection.getSecret() != null) {
        continue;
      } else if (projection.getDownwardAPI() != null) {
        files.addDownward(projection.getDownwardAPI().getItems(), mode, pod, api);
      } else if (projection.getServiceAccountToken() != null) {
        String path = projection.getServiceAccountToken().getPath();
        String token = resources.serviceAccountTokens().get(volume.getName() + "/" + path);
        if (token == null) {
          throw new PodSpecException(
              "MissingVolume", field + ".projected: no service account token for " + path);
        }
        files.add(path, VolumeFiles.utf8(token), null, mode);
      } else {
        throw new PodSpecException(
            "UnsupportedVolume",
            field + " (" + volume.getName() + "): unsupported projected source");
      }
    }
  }

  private static Source hostPath(
      HostPathVolumeSource hostPath, String field, JobSettings settings, List<String> setup) {
    Path path =
        VolumePaths.bindable(hostPath.getPath(), "HostPathNotAllowed", field + ".hostPath.path");
    if (path.equals(NODE_HOSTS) && NODE_FILE_TYPES.contains(nullToEmpty(hostPath.getType()))) {
      setup.add("hpk_host_path " + ShellQuote.quote(path.toString()) + " File /");
      return new Source(path, true);
    }
    Path allowed =
        settings.allowedHostPaths().stream()
            .map(Path::normalize)
            .filter(path::startsWith)
            .findFirst()
            .orElseThrow(
                () ->
                    new PodSpecException(
                        "HostPathNotAllowed",
                        field
                            + ".hostPath.path "
                            + path
                            + " is not below "
                            + settings.allowedHostPaths()));
    String type = nullToEmpty(hostPath.getType());
    if (!HOST_PATH_TYPES.contains(type)) {
      throw new PodSpecException(
          "UnsupportedVolume", field + ".hostPath.type " + type + " is not supported");
    }
    setup.add(
        "hpk_host_path "
            + ShellQuote.quote(path.toString())
            + " "
            + ShellQuote.quote(type)
            + " "
            + ShellQuote.quote(allowed.toString()));
    return new Source(path, false);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
