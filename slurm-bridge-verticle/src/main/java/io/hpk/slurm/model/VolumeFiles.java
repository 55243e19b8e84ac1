package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.hpk.common.pod.PodDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The files of configMap, secret, downwardAPI and projected volumes, below {@code volumes/<name>/}.
 */
final class VolumeFiles {

  static final int DEFAULT_MODE = 0644;

  private final String volume;
  private final String field;
  private final List<PlannedFile> files = new ArrayList<>();

  VolumeFiles(String volume, String field) {
    this.volume = volume;
    this.field = field;
  }

  /** The files of the pod's {@code index}th volume, named as its spec field and checked name. */
  static VolumeFiles of(Volume volume, int index) {
    String field = "spec.volumes[" + index + "]";
    return new VolumeFiles(KubernetesNames.dnsLabel(volume.getName(), field + ".name"), field);
  }

  String volume() {
    return volume;
  }

  String field() {
    return field;
  }

  List<PlannedFile> files() {
    return files;
  }

  /** Every key, or only the listed items; a missing source is an error unless optional. */
  <T> void addKeys(
      String kind,
      Map<String, T> source,
      String name,
      List<KeyToPath> items,
      Integer defaultMode,
      Boolean optional,
      Function<T, byte[]> bytes) {
    boolean isOptional = Boolean.TRUE.equals(optional);
    if (source == null) {
      if (isOptional) {
        return;
      }
      throw new PodSpecException(
          "Missing" + kind, field + ": " + kind.toLowerCase() + " " + name + " not found");
    }
    if (items == null || items.isEmpty()) {
      new TreeMap<>(source)
          .forEach((key, value) -> add(key, bytes.apply(value), null, defaultMode));
      return;
    }
    for (KeyToPath item : items) {
      T value = source.get(item.getKey());
      if (value == null) {
        if (isOptional) {
          continue;
        }
        throw new PodSpecException(
            "Missing" + kind,
            field
                + ".items: key "
                + item.getKey()
                + " not found in "
                + kind.toLowerCase()
                + " "
                + name);
      }
      add(item.getPath(), bytes.apply(value), item.getMode(), defaultMode);
    }
  }

  void addDownward(
      List<DownwardAPIVolumeFile> items, Integer defaultMode, Pod pod, DownwardApi api) {
    for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      String text;
      if (item.getFieldRef() != null) {
        ShellWord value = api.field(item.getFieldRef(), field);
        if (!value.isLiteral()) {
          throw new PodSpecException(
              "UnsupportedVolume",
              field + ": " + item.getFieldRef().getFieldPath() + " is not allowed in a volume");
        }
        text = value.text();
      } else if (item.getResourceFieldRef() != null) {
        String containerName = item.getResourceFieldRef().getContainerName();
        var container =
            PodContainers.all(pod).stream()
                .filter(c -> c.getName().equals(containerName))
                .findFirst()
                .orElseThrow(
                    () ->
                        new PodSpecException(
                            "UnsupportedVolume",
                            field + ": resourceFieldRef names unknown container " + containerName));
        text = api.resource(item.getResourceFieldRef(), container, field);
      } else {
        throw new PodSpecException("UnsupportedVolume", field + ": item without fieldRef");
      }
      add(item.getPath(), text.getBytes(StandardCharsets.UTF_8), item.getMode(), defaultMode);
    }
  }

  void add(String path, byte[] content, Integer mode, Integer defaultMode) {
    String relative = VolumePaths.relative(path, field + ".path");
    int fileMode = mode != null ? mode : defaultMode != null ? defaultMode : DEFAULT_MODE;
    files.add(
        new PlannedFile(
            PodDirectory.VOLUMES_DIR + "/" + volume + "/" + relative, content, fileMode & 07777));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
