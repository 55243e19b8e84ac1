package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The capabilities a container's root keeps in the pod's user namespace: a container runtime's
 * default set (containerd's and Docker's), with the container's {@code capabilities.add} and
 * without its {@code capabilities.drop}; a privileged container keeps all. Apptainer gives root
 * every capability unless told otherwise, so the rest becomes its {@code --drop-caps} list.
 */
final class ContainerCapabilities {

  /** Every capability Apptainer knows (pkg/util/capabilities). */
  static final List<String> ALL =
      List.of(
          "CAP_AUDIT_CONTROL",
          "CAP_AUDIT_READ",
          "CAP_AUDIT_WRITE",
          "CAP_BLOCK_SUSPEND",
          "CAP_BPF",
          "CAP_CHECKPOINT_RESTORE",
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_DAC_READ_SEARCH",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_IPC_LOCK",
          "CAP_IPC_OWNER",
          "CAP_KILL",
          "CAP_LEASE",
          "CAP_LINUX_IMMUTABLE",
          "CAP_MAC_ADMIN",
          "CAP_MAC_OVERRIDE",
          "CAP_MKNOD",
          "CAP_NET_ADMIN",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_BROADCAST",
          "CAP_NET_RAW",
          "CAP_PERFMON",
          "CAP_SETFCAP",
          "CAP_SETGID",
          "CAP_SETPCAP",
          "CAP_SETUID",
          "CAP_SYSLOG",
          "CAP_SYS_ADMIN",
          "CAP_SYS_BOOT",
          "CAP_SYS_CHROOT",
          "CAP_SYS_MODULE",
          "CAP_SYS_NICE",
          "CAP_SYS_PACCT",
          "CAP_SYS_PTRACE",
          "CAP_SYS_RAWIO",
          "CAP_SYS_RESOURCE",
          "CAP_SYS_TIME",
          "CAP_SYS_TTY_CONFIG",
          "CAP_WAKE_ALARM");

  /** containerd's and Docker's default set. */
  static final Set<String> DEFAULT =
      Set.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  private ContainerCapabilities() {}

  /** Apptainer's --drop-caps list for the container, empty when it keeps them all. */
  static String dropped(Container container) {
    SecurityContext context = container.getSecurityContext();
    if (context != null && Boolean.TRUE.equals(context.getPrivileged())) {
      return "";
    }
    Capabilities asked = context == null ? null : context.getCapabilities();
    List<String> add = names(asked == null ? null : asked.getAdd());
    List<String> drop = names(asked == null ? null : asked.getDrop());
    // As containerd: ALL first (add, then drop), then each named one (add, then drop).
    Set<String> kept = new TreeSet<>(add.contains("CAP_ALL") ? ALL : DEFAULT);
    if (drop.contains("CAP_ALL")) {
      kept.clear();
    }
    kept.addAll(add);
    drop.forEach(kept::remove);
    return String.join(",", ALL.stream().filter(c -> !kept.contains(c)).toList());
  }

  /** Kubernetes names them without the prefix, in any case ("NET_ADMIN"). */
  private static List<String> names(List<String> capabilities) {
    return capabilities == null
        ? List.of()
        : capabilities.stream()
            .map(c -> c.toUpperCase(Locale.ROOT))
            .map(c -> c.startsWith("CAP_") ? c : "CAP_" + c)
            .toList();
  }
}
