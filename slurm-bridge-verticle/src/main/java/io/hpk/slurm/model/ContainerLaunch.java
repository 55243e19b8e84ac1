package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The two script functions of one container: {@code hpk_prepare_<i>} resolves its mounts (a subPath
 * is checked and bound into the sandbox when the job runs, see hpk_subpath) and {@code
 * hpk_launch_<i>} execs Apptainer with its environment, image, command and args.
 */
final class ContainerLaunch {

  /** The highest id the sandbox's user namespace maps: a site's usual 65536 subordinate ids. */
  static final long MAX_MAPPED_ID = 65_535;

  private ContainerLaunch() {}

  static String render(
      int index,
      Container container,
      String field,
      ContainerEnv env,
      VolumePlan volumes,
      Pod pod,
      JobSettings settings,
      boolean ownNetwork) {
    String image = settings.images().get(container.getImage());
    if (image == null) {
      throw new PodSpecException(
          "ImageNotPulled", field + ".image " + container.getImage() + " has no local copy");
    }
    StringBuilder script = new StringBuilder();
    script.append("hpk_prepare_").append(index);
    script.append("() {\n  hpk_binds=(\"${hpk_resolv_binds[@]}\"");
    if (!mountsOwnHosts(container)) {
      script.append(" \"${hpk_hosts_binds[@]}\"");
    }
    script.append(")\n");
    for (String line : mounts(index, container, field, volumes, env.variables())) {
      script.append("  ").append(line).append('\n');
    }
    boolean sandboxDev = !PodJobScript.sandboxMode(pod, ownNetwork).isEmpty();
    script.append("  ").append(TerminationMessageFile.line(container, field, sandboxDev));
    script.append('\n');
    if (Boolean.TRUE.equals(container.getStdin())) {
      script.append("  [[ -p ").append(stdinFifo(container)).append(" ]] || mkfifo -m 600 ");
      script.append(stdinFifo(container)).append(" || return 1\n");
    }
    script.append("}\n");
    script.append("hpk_launch_").append(index).append("() {\n");
    for (ContainerEnv.SecretValue secret : env.secrets()) {
      // read stops at a NUL, which no environment value can hold; its status is EOF's.
      script.append("  local ").append(secret.variable()).append('\n');
      script.append("  IFS= read -r -d '' ").append(secret.variable()).append(" < ");
      script.append(ShellQuote.quote(secret.file(container.getName()))).append(" || :\n");
    }
    script.append("  exec env");
    env.variables()
        .forEach(
            (name, value) ->
                script
                    .append(" \\\n    ")
                    .append(ShellQuote.quote("APPTAINERENV_" + name + "="))
                    .append(value.render()));
    boolean exec = !env.command().isEmpty();
    // -q: Apptainer's INFO lines (SIF converted to a sandbox without squashfuse) are not the
    // container's output; its warnings and errors still reach the log.
    script
        .append(" \\\n    \"${hpk_enter[@]}\" \"$hpk_apptainer\" -q ")
        .append(exec ? "exec" : "run");
    script.append(" --cleanenv --contain --no-eval");
    if (!readOnlyRoot(container)) {
      script.append(" --writable-tmpfs");
    }
    if (ownNetwork) {
      script.append(" --hostname ").append(ShellQuote.quote(hostname(pod)));
    }
    if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
      script.append(" --pwd ").append(ShellQuote.quote(container.getWorkingDir()));
    }
    String security = security(pod.getSpec().getSecurityContext(), container.getSecurityContext());
    if (!security.isEmpty()) {
      checkMappable(security, field);
      script.append(" --security ").append(ShellQuote.quote(security));
    }
    String dropped = ContainerCapabilities.dropped(container);
    if (!dropped.isEmpty()) {
      script.append(" --drop-caps ").append(ShellQuote.quote(dropped));
    }
    if (JobResources.amount(container.getResources(), JobResources.GPU, true).signum() > 0) {
      script.append(" --nv");
    }
    script.append(" \"${hpk_binds[@]}\" \\\n    ").append(ShellQuote.quote(image));
    for (ShellWord word : exec ? concat(env.command(), env.args()) : env.args()) {
      script.append(" \\\n    ").append(word.render());
    }
    if (Boolean.TRUE.equals(container.getStdin())) {
      // Read-write, so opening never waits for a writer; the kubelet's attach writes into it.
      script.append(" \\\n    0<> ").append(stdinFifo(container));
    }
    return script.append("\n}\n").toString();
  }

  /** Without a writable overlay the image's own filesystem is read-only, as the pod asks. */
  private static boolean readOnlyRoot(Container container) {
    SecurityContext context = container.getSecurityContext();
    return context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem());
  }

  /** The FIFO a container with {@code stdin: true} reads as its stdin. */
  private static String stdinFifo(Container container) {
    return ShellQuote.quote(PodDirectory.RELATIVE.containerStdin(container.getName()).toString());
  }

  /** A container that mounts a volume over /etc/hosts keeps it: the kubelet leaves it alone. */
  private static boolean mountsOwnHosts(Container container) {
    return listOf(container.getVolumeMounts()).stream()
        .anyMatch(
            m ->
                m.getMountPath() != null
                    && Path.of(m.getMountPath()).normalize().equals(Path.of("/etc/hosts")));
  }

  /** Whether any container mounts a subPath, which needs a sandbox with its own mount namespace. */
  static boolean mountsSubPaths(Pod pod) {
    return PodContainers.all(pod).stream().anyMatch(ContainerLaunch::mountsSubPath);
  }

  static boolean mountsSubPath(Container container) {
    return listOf(container.getVolumeMounts()).stream()
        .anyMatch(m -> !isEmpty(m.getSubPath()) || !isEmpty(m.getSubPathExpr()));
  }

  private static boolean isEmpty(String text) {
    return text == null || text.isEmpty();
  }

  /** Parents before children, so a mount inside another mount is not hidden by it. */
  private static List<String> mounts(
      int index,
      Container container,
      String field,
      VolumePlan volumes,
      Map<String, ShellWord> env) {
    List<VolumeMount> mounts = new ArrayList<>(listOf(container.getVolumeMounts()));
    mounts.sort(Comparator.comparingInt(mount -> depth(mount.getMountPath())));
    List<String> lines = new ArrayList<>();
    for (VolumeMount mount : mounts) {
      int position = container.getVolumeMounts().indexOf(mount);
      String where = field + ".volumeMounts[" + position + "]";
      VolumePlan.Source source = volumes.sources().get(mount.getName());
      if (source == null) {
        throw new PodSpecException(
            "InvalidVolumeMount", where + ".name: no volume named " + mount.getName());
      }
      Path target =
          VolumePaths.bindable(mount.getMountPath(), "InvalidVolumeMount", where + ".mountPath");
      String options = source.readOnly() || Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : "";
      String subPath = subPath(mount, where, env);
      if (subPath.isEmpty()) {
        lines.add(
            "hpk_binds+=(-B " + ShellQuote.quote(source.path() + ":" + target + options) + ")");
      } else {
        lines.add(
            "hpk_subpath "
                + ShellQuote.quote(source.path().toString())
                + " "
                + ShellQuote.quote(subPath)
                + " \"$hpk_dir/$hpk_subpaths_dir/"
                + index
                + "-"
                + position
                + "\" || return 1");
        lines.add(
            "hpk_binds+=(-B \"$hpk_resolved\"" + ShellQuote.quote(":" + target + options) + ")");
      }
    }
    return lines;
  }

  private static String subPath(VolumeMount mount, String where, Map<String, ShellWord> env) {
    String subPath = mount.getSubPath() == null ? "" : mount.getSubPath();
    if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
      ShellWord expanded = EnvExpansion.expand(mount.getSubPathExpr(), env);
      if (!expanded.isLiteral()) {
        throw new PodSpecException(
            "InvalidSubPath",
            where + ".subPathExpr may only use variables known before the job runs");
      }
      subPath = expanded.text();
    }
    return subPath.isEmpty() ? "" : VolumePaths.relative(subPath, where + ".subPath");
  }

  /** Apptainer's {@code --security uid:N,gid:M}; the container's settings override the pod's. */
  static String security(PodSecurityContext pod, SecurityContext container) {
    Long uid =
        container != null && container.getRunAsUser() != null ? container.getRunAsUser() : null;
    Long gid =
        container != null && container.getRunAsGroup() != null ? container.getRunAsGroup() : null;
    if (uid == null && pod != null) {
      uid = pod.getRunAsUser();
    }
    if (gid == null && pod != null) {
      gid = pod.getRunAsGroup();
    }
    List<String> parts = new ArrayList<>();
    if (uid != null) {
      parts.add("uid:" + uid);
    }
    if (gid != null) {
      parts.add("gid:" + gid);
    }
    return String.join(",", parts);
  }

  /**
   * A container runs in the pod sandbox's user namespace, which maps ids 0-65535 (0 is the HPC
   * user, the rest its subordinate ids); an id outside it cannot be the container's.
   */
  private static void checkMappable(String security, String field) {
    for (String part : security.split(",")) {
      long id = Long.parseLong(part.substring(part.indexOf(':') + 1));
      if (id < 0 || id > MAX_MAPPED_ID) {
        throw new PodSpecException(
            "CreateContainerConfigError",
            field
                + ".securityContext: "
                + (part.startsWith("uid") ? "runAsUser " : "runAsGroup ")
                + id
                + " is outside the pod's user namespace (0-"
                + MAX_MAPPED_ID
                + "; 0 is the HPC user)");
      }
    }
  }

  static String hostname(Pod pod) {
    String hostname = pod.getSpec().getHostname();
    String name = hostname != null && !hostname.isEmpty() ? hostname : pod.getMetadata().getName();
    name = name.length() > 63 ? name.substring(0, 63) : name;
    return name.replaceAll("[^a-z0-9.-]", "-");
  }

  private static int depth(String path) {
    return path == null ? 0 : path.split("/").length;
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static <T> List<T> listOf(List<T> items) {
    return items == null ? List.of() : items;
  }
}
