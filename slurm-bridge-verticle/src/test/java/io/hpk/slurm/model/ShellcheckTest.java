package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.slurm.site.SiteCheckScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints HPK's bash with shellcheck at warning severity: the .sh resources of every module, whole
 * job scripts as sbatch gets them, the site check and the lab's scripts. Needs the shellcheck
 * command (Debian package shellcheck, which deploy/lab installs for the build).
 */
@Timeout(120)
class ShellcheckTest {

  private static final List<String> SHELLCHECK =
      List.of("shellcheck", "--shell=bash", "--severity=warning", "--format=gcc");

  /** The checkout: this module's parent (surefire sets basedir to the module's directory). */
  private static final Path CHECKOUT =
      Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

  @TempDir Path work;

  @BeforeAll
  static void shellcheckIsInstalled() throws InterruptedException {
    try {
      Process version = new ProcessBuilder("shellcheck", "--version").start();
      version.getInputStream().readAllBytes();
      assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } catch (IOException e) {
      fail("shellcheck is not installed: apt-get install shellcheck (" + e.getMessage() + ")");
    }
  }

  /**
   * Each resource is a fragment: the generated lines before it assign the variables it reads, so
   * "referenced but not assigned" (SC2154) is left to the rendered scripts below.
   */
  @Test
  void scriptResourcesOfEveryModulePass() throws Exception {
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> modules = Files.list(CHECKOUT)) {
      for (Path resources : modules.map(m -> m.resolve("src/main/resources")).toList()) {
        if (Files.isDirectory(resources)) {
          try (Stream<Path> files = Files.walk(resources)) {
            files.filter(f -> f.toString().endsWith(".sh")).forEach(scripts::add);
          }
        }
      }
    }

    assertThat(scripts.stream().map(f -> f.getFileName().toString()))
        .contains("pod-runtime.sh", "probes.sh", "container-entry.sh", "site-check.sh");
    assertPasses(scripts, "--exclude=SC2154");
  }

  @Test
  void renderedJobScriptsPass() throws Exception {
    List<Path> scripts = new ArrayList<>();
    for (Map.Entry<String, Pod> pod : RepresentativePods.all().entrySet()) {
      Path script = work.resolve(pod.getKey() + ".sh");
      Files.writeString(
          script, TestPods.render(pod.getValue(), RepresentativePods.RESOURCES).script());
      scripts.add(script);
    }
    Path siteCheck = work.resolve("site-check.sh");
    Files.writeString(
        siteCheck,
        SiteCheckScript.render(work, "apptainer", "hpk-bridge", "/usr/libexec/hpk/pod-network"));
    scripts.add(siteCheck);

    assertPasses(scripts);
  }

  @Test
  void renderedGangScriptPasses() throws Exception {
    Pod a = TestPods.pod(TestPods.container("c")).build();
    Pod b =
        TestPods.pod(TestPods.container("c"))
            .editMetadata()
            .withName("web-1")
            .withUid("11111111-4567-89ef-0123-456789abcdef")
            .endMetadata()
            .build();
    PodGang gang =
        new PodGang(
            "team-a",
            "web",
            List.of(
                new PodGang.Member(a, PodDirectories.of(TestPods.WORK, a)),
                new PodGang.Member(b, PodDirectories.of(TestPods.WORK, b))));
    Path script = work.resolve("gang.sh");
    Files.writeString(script, gang.script(work, TestPods.OWNER));

    assertPasses(List.of(script));
  }

  /** An ephemeral container's launch is a fragment the job sources, so SC2154 is left out. */
  @Test
  void renderedEphemeralLaunchPasses() throws Exception {
    Pod pod =
        new PodBuilder(RepresentativePods.all().get("volumes-env"))
            .editSpec()
            .addNewEphemeralContainer()
            .withName("dbg")
            .withImage(TestPods.IMAGE)
            .withCommand("sh", "-c", "echo \"$HOME\" '$(x)'")
            .withStdin(true)
            .withTty(true)
            .withWorkingDir("/tmp")
            .addNewEnv()
            .withName("GREETING")
            .withValue("hi $(HOME)")
            .endEnv()
            .addNewVolumeMount()
            .withName("scratch")
            .withMountPath("/scratch")
            .endVolumeMount()
            .endEphemeralContainer()
            .endSpec()
            .build();
    List<PlannedFile> files =
        TestPods.renderEphemeral(pod, "dbg", RepresentativePods.RESOURCES, TestPods.settings());
    Path launch = work.resolve("dbg.sh");
    Files.write(launch, files.get(files.size() - 1).content());

    assertPasses(List.of(launch), "--exclude=SC2154");
  }

  @Test
  void labScriptsPass() throws Exception {
    Path lab = CHECKOUT.resolve("deploy/lab");
    Path conformance = CHECKOUT.resolve("deploy/conformance");
    Path controlPlane = CHECKOUT.resolve("deploy/controlplane");
    Path slurm = CHECKOUT.resolve("deploy/slurm");
    List<Path> scripts;
    try (Stream<Path> files =
        Stream.of(lab, conformance, controlPlane, slurm).flatMap(ShellcheckTest::list)) {
      scripts =
          files
              .filter(
                  f ->
                      f.toString().endsWith(".sh")
                          || f.toString().endsWith(".sbatch")
                          || f.endsWith("pod-network"))
              .sorted()
              .toList();
    }

    assertThat(scripts)
        .contains(
            lab.resolve("lab.sh"),
            lab.resolve("pod-network"),
            conformance.resolve("run.sh"),
            controlPlane.resolve("rootfs.sh"),
            slurm.resolve("hpk.sbatch"));
    assertPasses(scripts);
  }

  private static Stream<Path> list(Path directory) {
    try {
      return Files.list(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertPasses(List<Path> scripts, String... options) throws Exception {
    List<String> command = new ArrayList<>(SHELLCHECK);
    command.addAll(List.of(options));
    scripts.forEach(script -> command.add(script.toString()));
    Process shellcheck = new ProcessBuilder(command).redirectErrorStream(true).start();
    String findings =
        new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(shellcheck.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(findings).as("shellcheck of " + scripts).isEmpty();
    assertThat(shellcheck.exitValue()).isZero();
  }
}
