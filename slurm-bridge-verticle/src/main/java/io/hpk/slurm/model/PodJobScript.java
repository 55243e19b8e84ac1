package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.pod.PodDirectory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure translation of a pod into its Slurm job: the bash script and the volume files to write
 * next to it. Every string from the pod spec reaches the script single-quoted or validated.
 */
public final class PodJobScript {

  /** How often the job samples its containers' usage; metrics-server scrapes every 10 s. */
  static final int USAGE_INTERVAL_SECONDS = 5;

  private PodJobScript() {}

  public static JobPlan render(
      Pod pod, PodDirectory paths, PodResources resources, JobSettings settings) {
    try {
      return plan(pod, paths, resources, settings);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new PodSpecException("InvalidPodSpec", "pod spec cannot be run: " + e.getMessage());
    }
  }

  private static JobPlan plan(
      Pod pod, PodDirectory paths, PodResources resources, JobSettings settings) {
    if (pod.getSpec() == null || PodContainers.apps(pod).isEmpty()) {
      throw new PodSpecException("InvalidPodSpec", "spec.containers must not be empty");
    }
    String uid = KubernetesNames.uid(pod.getMetadata().getUid());
    checkContainerNames(pod);
    refuseSysctls(pod);
    refuseOtherOs(pod);
    JobResources allocation = JobResources.of(pod.getSpec());
    DownwardApi downwardApi = new DownwardApi(pod, allocation);
    VolumePlan volumes = VolumePlan.of(pod, paths, resources, settings, downwardApi);
    PodDnsFiles dns = PodDnsFiles.of(pod, settings);
    boolean ownNetwork = ownNetwork(pod, settings);
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    if (!List.of("Always", "OnFailure", "Never").contains(policy)) {
      throw new PodSpecException(
          "InvalidPodSpec", "spec.restartPolicy must be Always, OnFailure or Never, got " + policy);
    }

    List<String> script =
        new ArrayList<>(SbatchOptions.header(pod, paths, allocation, settings.owner()));
    script.add(
        "# HPK job of pod "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " (generated)");
    script.add("export LC_ALL=C TZ=UTC");
    script.add("hpk_apptainer=" + ShellQuote.quote(settings.apptainer()));
    script.add("hpk_dir=" + ShellQuote.quote(paths.dir().toString()));
    String sandboxMode = sandboxMode(pod, ownNetwork);
    // A sandbox gives the terminationMessagePaths under /dev their links (TerminationMessageFile).
    List<String> devNames =
        sandboxMode.isEmpty() ? List.of() : TerminationMessageFile.devNames(pod);
    script.add("hpk_sandbox_mode=" + sandboxMode);
    script.add(
        "hpk_mount_namespace="
            + (ContainerLaunch.mountsSubPaths(pod) || !devNames.isEmpty() ? 1 : 0));
    script.add(
        "hpk_dev_names=("
            + devNames.stream().map(ShellQuote::quote).collect(Collectors.joining(" "))
            + ")");
    script.add("hpk_dev_link_target=" + ShellQuote.quote(TerminationMessageFile.LINK_TARGET));
    script.add("hpk_network_helper=" + ShellQuote.quote(settings.networkHelper()));
    script.add("hpk_sandbox_id=" + ShellQuote.quote("hpk-" + uid));
    script.add("hpk_usage_interval=" + USAGE_INTERVAL_SECONDS);
    script.add("hpk_policy=" + policy);
    script.add("hpk_init_policy=" + (policy.equals("Never") ? "Never" : "OnFailure"));
    List<Container> init = PodContainers.init(pod);
    List<Container> apps = PodContainers.apps(pod);
    script.add("hpk_init=(" + indexes(0, init.size()) + ")");
    script.add("hpk_init_names=(" + names(init) + ")");
    script.add("hpk_apps=(" + indexes(init.size(), apps.size()) + ")");
    script.add("hpk_app_names=(" + names(apps) + ")");
    script.add(
        "# shellcheck disable=SC2034 # PodDirectory's names; a pod may not need all of them");
    script.add("{");
    PodDirectory.shellVariables()
        .forEach((name, file) -> script.add("  " + name + "=" + ShellQuote.quote(file)));
    script.add("}");
    script.add(PodScriptRuntime.FUNCTIONS);
    script.add(PodDnsFiles.FUNCTIONS);
    script.add(dns.script());
    script.add(ProbeScript.FUNCTIONS);
    script.add(LifecycleHookScript.FUNCTIONS);
    script.add("hpk_setup_volumes() {");
    volumes.setup().forEach(line -> script.add("  " + line + " || return 1"));
    script.add("  :");
    script.add("}");
    List<Container> all = PodContainers.all(pod);
    List<PlannedFile> secretFiles = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Container container = all.get(i);
      String field =
          i < init.size()
              ? "spec.initContainers[" + i + "]"
              : "spec.containers[" + (i - init.size()) + "]";
      ContainerEnv env = ContainerEnv.of(container, field, resources, downwardApi);
      env.secrets()
          .forEach(
              secret ->
                  secretFiles.add(
                      new PlannedFile(secret.file(container.getName()), secret.value(), 0600)));
      script.add(
          ContainerLaunch.render(i, container, field, env, volumes, pod, settings, ownNetwork));
      if (i >= init.size()) {
        script.add(ProbeScript.render(i, container, field, pod));
      }
      script.add(LifecycleHookScript.render(i, container, field, pod));
    }
    script.add("hpk_main");
    List<PlannedFile> files = new ArrayList<>(volumes.files());
    files.addAll(secretFiles);
    files.addAll(dns.files());
    return new JobPlan(String.join("\n", script) + "\n", files);
  }

  /**
   * A sysctl cannot be set for an Apptainer container: the pod is refused, as a kubelet refuses a
   * sysctl it does not allow, rather than run without it.
   */
  private static void refuseSysctls(Pod pod) {
    var context = pod.getSpec().getSecurityContext();
    if (context != null && context.getSysctls() != null && !context.getSysctls().isEmpty()) {
      throw new PodSpecException(
          "SysctlForbidden",
          "spec.securityContext.sysctls ("
              + context.getSysctls().get(0).getName()
              + ", …): HPK's Apptainer containers cannot set sysctls");
    }
  }

  /** A pod for another OS is refused as a kubelet's admission refuses it. */
  private static void refuseOtherOs(Pod pod) {
    var os = pod.getSpec().getOs();
    if (os != null && os.getName() != null && !"linux".equals(os.getName())) {
      throw new PodSpecException(
          "PodOSNotSupported",
          "Failed to admit pod as the OS field doesn't match node OS (spec.os.name "
              + os.getName()
              + ", node linux)");
    }
  }

  /** Whether the pod gets a network namespace and an IP of its own. */
  static boolean ownNetwork(Pod pod, JobSettings settings) {
    return !Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) && !settings.network().isEmpty();
  }

  /**
   * net: the pod has its own network; user: on the host network, but a container runs as another
   * user, which only a user namespace with subordinate ids allows; empty: containers run as the
   * job.
   */
  static String sandboxMode(Pod pod, boolean ownNetwork) {
    if (ownNetwork) {
      return "net";
    }
    boolean otherUser =
        PodContainers.all(pod).stream()
            .anyMatch(
                c ->
                    !ContainerLaunch.security(
                            pod.getSpec().getSecurityContext(), c.getSecurityContext())
                        .isEmpty());
    return otherUser || ContainerLaunch.mountsSubPaths(pod) ? "user" : "";
  }

  /** Names become file names and script words, so they must be DNS labels and unique. */
  private static void checkContainerNames(Pod pod) {
    Set<String> seen = new HashSet<>();
    for (Container container : PodContainers.all(pod)) {
      String name = KubernetesNames.dnsLabel(container.getName(), "container name");
      if (!seen.add(name)) {
        throw new PodSpecException("InvalidPodSpec", "container name " + name + " is used twice");
      }
    }
  }

  private static String indexes(int from, int count) {
    List<String> indexes = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      indexes.add(Integer.toString(i));
    }
    return String.join(" ", indexes);
  }

  private static String names(List<Container> containers) {
    return containers.stream()
        .map(container -> ShellQuote.quote(container.getName()))
        .collect(Collectors.joining(" "));
  }
}
