package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VolumePlanTest {

  private static final PodResources RESOURCES =
      new PodResources(
          Map.of("cfg", Map.of("a.conf", "A", "b.conf", "B")),
          Map.of("sec", Map.of("key", "K".getBytes(StandardCharsets.UTF_8))),
          Map.of("token/sa/token", "TOKEN"),
          Map.of("claim", "/scratch/pv-1"),
          Map.of());

  private static Pod podWith(Volume volume, String mountPath, String subPath) {
    return TestPods.pod(
            new ContainerBuilder(TestPods.container("c"))
                .addNewVolumeMount()
                .withName(volume.getName())
                .withMountPath(mountPath)
                .withSubPath(subPath)
                .endVolumeMount()
                .build())
        .editSpec()
        .withVolumes(volume)
        .endSpec()
        .build();
  }

  private static JobPlan render(Volume volume) {
    return TestPods.render(podWith(volume, "/mnt", null), RESOURCES);
  }

  private static Map<String, String> files(JobPlan plan) {
    return plan.files().stream()
        .collect(
            Collectors.toMap(
                file -> file.relativePath() + " " + Integer.toOctalString(file.mode()),
                file -> new String(file.content(), StandardCharsets.UTF_8)));
  }

  private static void assertRejected(Pod pod, String reason, String text) {
    assertThatThrownBy(() -> TestPods.render(pod, RESOURCES))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }

  @Test
  void configMapItemsGetTheirPathsAndModesAndMountReadOnly() {
    JobPlan plan =
        render(
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("cfg")
                .withDefaultMode(0600)
                .addNewItem()
                .withKey("a.conf")
                .withMode(0640)
                .withPath("sub/a.conf")
                .endItem()
                .endConfigMap()
                .build());

    assertThat(files(plan)).containsExactly(Map.entry("volumes/config/sub/a.conf 640", "A"));
    assertThat(plan.script())
        .contains("mkdir -p -- '/work/pods/team-a/web-0123abcd/volumes/config' || return 1")
        .contains("hpk_binds+=(-B '/work/pods/team-a/web-0123abcd/volumes/config:/mnt:ro')");
  }

  @Test
  void secretDownwardApiAndProjectedTokenBecomeFiles() {
    Pod pod =
        TestPods.pod(TestPods.container("c"))
            .editSpec()
            .addNewVolume()
            .withName("s")
            .withNewSecret()
            .withSecretName("sec")
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("info")
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("name")
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endItem()
            .addNewItem()
            .withPath("labels")
            .withNewFieldRef()
            .withFieldPath("metadata.labels")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endVolume()
            .addNewVolume()
            .withName("token")
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withPath("sa/token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .endVolume()
            .endSpec()
            .build();
    pod.getMetadata().setLabels(Map.of("b", "2\"", "a", "1"));

    assertThat(files(TestPods.render(pod, RESOURCES)))
        .containsOnly(
            Map.entry("volumes/s/key 644", "K"),
            Map.entry("volumes/info/name 644", "web"),
            Map.entry("volumes/info/labels 644", "a=\"1\"\nb=\"2\\\"\"\n"),
            Map.entry("volumes/token/sa/token 644", "TOKEN"));
    assertThat(
            VolumePlan.configAndSecretFiles(pod, PodDirectories.of(Path.of("/w"), pod), RESOURCES))
        .as("what a running pod gets again: the Secret's keys, not the token or downward API")
        .extracting(PlannedFile::relativePath)
        .containsExactly("volumes/s/key");
  }

  @Test
  void hostPathMustBeBelowAnAllowedDirectory() {
    Volume allowed =
        new VolumeBuilder()
            .withName("h")
            .withNewHostPath("/data/x/../y", "DirectoryOrCreate")
            .build();
    assertThat(render(allowed).script())
        .contains("hpk_host_path '/data/y' 'DirectoryOrCreate' '/data' || return 1")
        .contains("hpk_binds+=(-B '/data/y:/mnt')");

    for (String path : java.util.List.of("/data/../etc", "/database", "relative", "/data/a:b")) {
      Volume volume = new VolumeBuilder().withName("h").withNewHostPath(path, null).build();
      assertRejected(podWith(volume, "/mnt", null), "HostPathNotAllowed", "hostPath.path");
    }
  }

  @Test
  void theNodesHostsFileMayBeMountedReadOnlyAndReplacesTheManagedOne() {
    Volume hosts =
        new VolumeBuilder().withName("h").withNewHostPath("/etc/hosts", "FileOrCreate").build();
    assertThat(TestPods.render(podWith(hosts, "/etc/hosts-original", null)).script())
        .contains("hpk_host_path '/etc/hosts' File / || return 1")
        .contains("hpk_binds+=(-B '/etc/hosts:/etc/hosts-original:ro')")
        .contains("hpk_binds=(\"${hpk_resolv_binds[@]}\" \"${hpk_hosts_binds[@]}\")");
    assertThat(TestPods.render(podWith(hosts, "/etc/hosts", null)).script())
        .contains("hpk_binds=(\"${hpk_resolv_binds[@]}\")\n")
        .contains("hpk_binds+=(-B '/etc/hosts:/etc/hosts:ro')");

    Volume directory =
        new VolumeBuilder().withName("h").withNewHostPath("/etc/hosts", "Directory").build();
    assertRejected(podWith(directory, "/mnt", null), "HostPathNotAllowed", "hostPath.path");
  }

  @Test
  void claimsNeedABoundPath() {
    Volume bound =
        new VolumeBuilder().withName("pv").withNewPersistentVolumeClaim("claim", true).build();
    assertThat(render(bound).script()).contains("hpk_binds+=(-B '/scratch/pv-1:/mnt:ro')");

    Volume unbound =
        new VolumeBuilder().withName("pv").withNewPersistentVolumeClaim("other", false).build();
    assertRejected(podWith(unbound, "/mnt", null), "MissingVolume", "other");
  }

  @Test
  void unsupportedAndMissingSourcesAreNamed() {
    Volume nfs = new VolumeBuilder().withName("share").withNewNfs("/x", false, "server").build();
    assertRejected(podWith(nfs, "/mnt", null), "UnsupportedVolume", "share");

    Volume missing =
        new VolumeBuilder()
            .withName("cm")
            .withNewConfigMap()
            .withName("absent")
            .endConfigMap()
            .build();
    assertRejected(podWith(missing, "/mnt", null), "MissingConfigMap", "absent");

    Volume optional =
        new VolumeBuilder()
            .withName("cm")
            .withNewConfigMap()
            .withName("absent")
            .withOptional(true)
            .endConfigMap()
            .build();
    assertThat(render(optional).files()).isEmpty();
  }

  @Test
  void subPathIsRelativeAndCheckedAgainWhenTheJobRuns() {
    Volume empty = new VolumeBuilder().withName("e").withNewEmptyDir().endEmptyDir().build();
    assertThat(TestPods.render(podWith(empty, "/mnt/f", "dir/f"), RESOURCES).script())
        .contains(
            "hpk_subpath '/work/pods/team-a/web-0123abcd/volumes/e' 'dir/f'"
                + " \"$hpk_dir/$hpk_subpaths_dir/0-0\" || return 1",
            "hpk_mount_namespace=1",
            "hpk_binds+=(-B \"$hpk_resolved\"':/mnt/f')");

    assertRejected(podWith(empty, "/mnt", "../escape"), "InvalidSubPath", "subPath");
    assertRejected(podWith(empty, "/mnt", "/abs"), "InvalidSubPath", "subPath");
    assertRejected(podWith(empty, "/mnt,x", null), "InvalidVolumeMount", "mountPath");
  }
}
