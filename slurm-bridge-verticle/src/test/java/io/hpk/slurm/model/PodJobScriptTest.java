package io.hpk.slurm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs generated scripts with bash (no Slurm) against a fake apptainer that prints its arguments
 * and the environment it would pass, then exits with the container's EXIT variable.
 */
@Timeout(60)
class PodJobScriptTest {

  private static final String FAKE_APPTAINER =
      String.join(
          "\n",
          "#!/bin/bash",
          "printf 'arg[%s]\\n' \"$@\"",
          "for v in \"${!APPTAINERENV_@}\"; do printf 'env[%s=%s]\\n' \"${v#APPTAINERENV_}\" \"${!v}\"; done",
          "for v in APPTAINER_BIND LEAKED_TOKEN; do [[ -v $v ]] && printf 'outer[%s]\\n' \"$v\"; done",
          "[[ -n ${APPTAINERENV_LATE:-} ]] && { sleep 0.3; printf '%s' \"$APPTAINERENV_LATE\"; } &",
          "exit \"${APPTAINERENV_EXIT:-0}\"",
          "");
  private static final java.util.regex.Pattern CRI_LINE =
      java.util.regex.Pattern.compile(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z (stdout|stderr) F .*");

  @TempDir Path work;

  private Path apptainer() throws IOException {
    Path fake = work.resolve("fake-apptainer");
    Files.writeString(fake, FAKE_APPTAINER);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    return fake;
  }

  private PodDirectory run(Pod pod, int expectedExit) throws Exception {
    return run(pod, PodResources.none(), expectedExit);
  }

  private PodDirectory run(Pod pod, PodResources resources, int expectedExit) throws Exception {
    return run(pod, resources, Map.of(), expectedExit);
  }

  private PodDirectory run(
      Pod pod, PodResources resources, Map<String, String> submitterEnv, int expectedExit)
      throws Exception {
    JobSettings settings =
        new JobSettings(
            apptainer().toString(),
            "",
            "/helper/pod-network",
            List.of(),
            Map.of(TestPods.IMAGE, "/img.sif"),
            TestPods.OWNER);
    PodDirectory paths = PodDirectories.of(work.resolve("pods"), pod);
    JobPlan plan = PodJobScript.render(pod, paths, resources, settings);
    Files.createDirectories(paths.dir());
    for (PlannedFile file : plan.files()) {
      Path target = paths.dir().resolve(file.relativePath());
      Files.createDirectories(target.getParent());
      Files.write(target, file.content());
    }
    Files.writeString(paths.jobScript(), plan.script());
    ProcessBuilder job =
        new ProcessBuilder("bash", paths.jobScript().toString())
            .redirectErrorStream(true)
            .redirectOutput(paths.jobOutput().toFile());
    job.environment().putAll(submitterEnv);
    Process bash = job.start();
    if (!bash.waitFor(30, TimeUnit.SECONDS)) {
      bash.destroy();
      bash.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("job script still running after 30 s");
    }
    assertThat(bash.exitValue()).as(Files.readString(paths.jobOutput())).isEqualTo(expectedExit);
    return paths;
  }

  private static Container exiting(String name, int code) {
    return new ContainerBuilder(TestPods.container(name))
        .withCommand("run-" + name)
        .addNewEnv()
        .withName("EXIT")
        .withValue(Integer.toString(code))
        .endEnv()
        .build();
  }

  /**
   * FallbackToLogsOnError takes the log once its copiers have written the run's last output (here
   * written by a process the run left behind, just after the run ended, without a newline), not
   * while they may still be at it.
   */
  @Test
  void theLogFallbackHoldsTheRunsLastOutput() throws Exception {
    Container container =
        new ContainerBuilder(exiting("c", 1))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addNewEnv()
            .withName("LATE")
            .withValue("last words")
            .endEnv()
            .build();
    Pod pod = TestPods.pod(container).editSpec().withRestartPolicy("Never").endSpec().build();

    PodDirectory paths = run(pod, 1);

    assertThat(paths.containerLogMessage("c")).content().endsWith(" stdout P last words\n");
  }

  @Test
  void hostileArgsAndEnvReachTheContainerLiterally() throws Exception {
    Path marker = work.resolve("x");
    String hostile =
        "it's \"q\" $(touch " + marker + ") `touch " + marker + "` $HOME\nline2; rm -rf /";
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .withCommand("printf", "$(EVIL)")
            .withArgs(hostile, "$$(EVIL)")
            .addNewEnv()
            .withName("EVIL")
            .withValue(hostile)
            .endEnv()
            .build();
    Pod pod = TestPods.pod(container).editSpec().withRestartPolicy("Never").endSpec().build();

    PodDirectory paths = run(pod, 0);

    List<String> log = Files.readAllLines(paths.containerLog("c"));
    assertThat(log).allMatch(line -> CRI_LINE.matcher(line).matches());
    String stdout =
        String.join(
            "\n", log.stream().map(line -> line.replaceFirst("^\\S+ stdout F ", "")).toList());
    assertThat(stdout)
        .contains("arg[printf]\narg[" + hostile + "]\narg[" + hostile + "]\narg[$(EVIL)]")
        .contains("env[EVIL=" + hostile + "]");
    assertThat(marker).doesNotExist();
  }

  /**
   * What the submitter's environment holds beyond what the job needs (sbatch exports it all) never
   * reaches Apptainer or the container: only the pod's own env does.
   */
  @Test
  void theSubmittersEnvironmentStopsAtTheJob() throws Exception {
    Container container = new ContainerBuilder(exiting("c", 0)).build();
    Pod pod = TestPods.pod(container).editSpec().withRestartPolicy("Never").endSpec().build();
    Map<String, String> submitter =
        Map.of(
            "LEAKED_TOKEN", "x",
            "APPTAINER_BIND", "/:/host",
            "APPTAINERENV_SMUGGLED", "1");

    PodDirectory paths = run(pod, PodResources.none(), submitter, 0);

    String log = Files.readString(paths.containerLog("c"));
    assertThat(log).contains("env[EXIT=0]").doesNotContain("outer[").doesNotContain("SMUGGLED");
  }

  /** A Secret's value reaches the container's environment but never stands in the job script. */
  @Test
  void secretEnvironmentStaysOutOfTheJobScript() throws Exception {
    String value = "s3cr3t 'q' $(touch x) \\n";
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .withCommand("printenv")
            .addNewEnv()
            .withName("PASSWORD")
            .withValueFrom(
                new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
                    .withSecretKeyRef(
                        new io.fabric8.kubernetes.api.model.SecretKeySelectorBuilder()
                            .withName("creds")
                            .withKey("password")
                            .build())
                    .build())
            .endEnv()
            .addNewEnvFrom()
            .withPrefix("FROM_")
            .withNewSecretRef()
            .withName("creds")
            .endSecretRef()
            .endEnvFrom()
            .build();
    PodResources resources =
        new PodResources(
            Map.of(),
            Map.of("creds", Map.of("password", value.getBytes(StandardCharsets.UTF_8))),
            Map.of(),
            Map.of(),
            Map.of());
    Pod pod = TestPods.pod(container).editSpec().withRestartPolicy("Never").endSpec().build();

    PodDirectory paths = run(pod, resources, 0);

    assertThat(Files.readString(paths.jobScript())).doesNotContain("s3cr3t");
    String log = Files.readString(paths.containerLog("c"));
    assertThat(log)
        .contains("env[PASSWORD=" + value + "]")
        .contains("env[FROM_password=" + value + "]");
  }

  /** The runtime's file names are PodDirectory's, assigned before the functions that use them. */
  @Test
  void podDirectoryNamesAreAssignedBeforeTheRuntime() {
    String script = TestPods.render(TestPods.pod(TestPods.container("c")).build()).script();
    int runtime = script.indexOf(PodScriptRuntime.FUNCTIONS);

    assertThat(runtime).isPositive();
    PodDirectory.shellVariables()
        .forEach(
            (name, file) ->
                assertThat(script.indexOf(" " + name + "=" + ShellQuote.quote(file) + "\n"))
                    .as(name)
                    .isBetween(0, runtime));
  }

  @Test
  void scriptWithHostileSpecPassesBashSyntaxCheck() throws Exception {
    Container container =
        new ContainerBuilder(TestPods.container("c"))
            .withCommand("'; rm -rf / #", "\"`x`\"", "$(x)\n)'")
            .withWorkingDir("/w'd")
            .addNewEnv()
            .withName("A")
            .withValue("'\"\\\n$(x)")
            .endEnv()
            .build();
    Path script = work.resolve("job.sh");
    Files.writeString(script, TestPods.render(TestPods.pod(container).build()).script());

    Process bash =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();

    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    assertThat(bash.exitValue()).isZero();
  }

  @Test
  void initContainersRunInOrderThenAppsAndStatusFilesSayHowTheyEnded() throws Exception {
    Pod pod =
        TestPods.pod(exiting("ok", 0), exiting("bad", 3))
            .editSpec()
            .withRestartPolicy("Never")
            .withInitContainers(exiting("first", 0), exiting("second", 0))
            .endSpec()
            .build();

    PodDirectory paths = run(pod, 1);

    assertThat(Files.readString(paths.containerState("bad")))
        .matches(
            "\\{\"name\":\"bad\",\"state\":\"terminated\",\"reason\":\"Error\",\"restartCount\":0,"
                + "\"startedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\",\"finishedAt\":\"[^\"]+\","
                + "\"exitCode\":3}\n");
    assertThat(Files.readString(paths.containerState("ok")))
        .contains("\"reason\":\"Completed\"", "\"exitCode\":0");
    assertThat(Files.getLastModifiedTime(paths.containerState("first")))
        .isLessThanOrEqualTo(Files.getLastModifiedTime(paths.containerState("second")));
    assertThat(Files.readString(paths.podIpFile())).matches("[0-9.]+\n");
  }

  @Test
  void failedInitContainerWithRestartPolicyNeverFailsThePod() throws Exception {
    Pod pod =
        TestPods.pod(exiting("app", 0))
            .editSpec()
            .withRestartPolicy("Never")
            .withInitContainers(exiting("init", 7))
            .endSpec()
            .build();

    PodDirectory paths = run(pod, 1);

    assertThat(Files.readString(paths.containerState("init"))).contains("\"exitCode\":7");
    assertThat(Files.readString(paths.containerState("app")))
        .contains("\"state\":\"waiting\"", "\"reason\":\"PodInitializing\"");
    assertThat(paths.containerLog("app")).doesNotExist();
  }

  @Test
  void duplicateContainerNamesAndUnknownImagesAreRejected() {
    Pod duplicate = TestPods.pod(TestPods.container("c"), TestPods.container("c")).build();
    assertThatThrownBy(() -> TestPods.render(duplicate))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("used twice");

    Container other = new ContainerBuilder(TestPods.container("c")).withImage("nginx").build();
    assertThatThrownBy(() -> TestPods.render(TestPods.pod(other).build()))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("ImageNotPulled"));
  }

  /** readOnlyRootFilesystem leaves out the writable overlay: the image stays read-only. */
  @Test
  void aReadOnlyRootFilesystemGetsNoWritableOverlay() throws Exception {
    Container readOnly =
        new ContainerBuilder(exiting("ro", 0))
            .withNewSecurityContext()
            .withReadOnlyRootFilesystem(true)
            .endSecurityContext()
            .build();
    Container writable = exiting("rw", 0);
    Pod pod =
        TestPods.pod(readOnly)
            .editSpec()
            .addToContainers(writable)
            .withRestartPolicy("Never")
            .endSpec()
            .build();

    PodDirectory paths = run(pod, 0);

    assertThat(Files.readString(paths.containerLog("ro"))).doesNotContain("arg[--writable-tmpfs]");
    assertThat(Files.readString(paths.containerLog("rw"))).contains("arg[--writable-tmpfs]");
  }

  /** No sysctl can be set for an Apptainer container: the pod is refused, naming the field. */
  /** A pod for another OS is refused with the kubelet's reason; one for linux runs. */
  @Test
  void aPodForAnotherOsIsRefused() {
    Pod windows =
        TestPods.pod(TestPods.container("c")).editSpec().withNewOs("windows").endSpec().build();
    Pod linux =
        TestPods.pod(TestPods.container("c")).editSpec().withNewOs("linux").endSpec().build();

    assertThatThrownBy(() -> TestPods.render(windows))
        .isInstanceOfSatisfying(
            PodSpecException.class, e -> assertThat(e.reason()).isEqualTo("PodOSNotSupported"));
    assertThat(TestPods.render(linux).script()).contains("hpk_main");
  }

  @Test
  void sysctlsAreRefusedNotIgnored() {
    Pod pod =
        TestPods.pod(TestPods.container("c"))
            .editSpec()
            .withNewSecurityContext()
            .addNewSysctl()
            .withName("kernel.shm_rmid_forced")
            .withValue("1")
            .endSysctl()
            .endSecurityContext()
            .endSpec()
            .build();

    assertThatThrownBy(() -> TestPods.render(pod))
        .isInstanceOfSatisfying(
            PodSpecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("SysctlForbidden");
              assertThat(e.getMessage()).contains("kernel.shm_rmid_forced");
            });
  }

  @Test
  void commandMeansExecArgsAloneMeanRunAndSecurityContextMapsToUidGid() {
    Container exec = new ContainerBuilder(TestPods.container("a")).withCommand("sh").build();
    Container run =
        new ContainerBuilder(TestPods.container("b"))
            .withArgs("x")
            .withNewSecurityContext()
            .withRunAsUser(1000L)
            .endSecurityContext()
            .build();
    Pod pod =
        TestPods.pod(exec, run)
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(5L)
            .withRunAsGroup(2000L)
            .endSecurityContext()
            .endSpec()
            .build();

    String script = TestPods.render(pod).script();

    assertThat(script)
        .contains("\"$hpk_apptainer\" -q exec --cleanenv --contain --no-eval --writable-tmpfs")
        .contains("\"$hpk_apptainer\" -q run --cleanenv")
        .contains("hpk_sandbox_mode=net")
        .contains("--security 'uid:5,gid:2000'")
        .contains("--security 'uid:1000,gid:2000'")
        .contains("--hostname 'web'");

    Pod outside =
        TestPods.pod(exec)
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(70_000L)
            .endSecurityContext()
            .endSpec()
            .build();
    assertThatThrownBy(() -> TestPods.render(outside))
        .isInstanceOf(PodSpecException.class)
        .hasMessageContaining("runAsUser 70000 is outside the pod's user namespace (0-65535");
  }
}
