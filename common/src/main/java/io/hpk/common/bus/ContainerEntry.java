package io.hpk.common.bus;

/**
 * How a command enters exactly one running container of a pod's job, on the job's node: the job
 * script records each container's Apptainer runtime parent in {@code status/<container>.pid}; the
 * container process is its child in another mount namespace, entered with nsenter (mount, uts, ipc,
 * net, root, cwd) under the container's user and with its environment. The kubelet's exec and the
 * job script's exec probes both run it, so they enter the same way.
 */
public final class ContainerEntry {

  /**
   * Runs as {@code bash -c SCRIPT NAME PIDFILE COMMAND...}; exits 126 when the container is not
   * running and 127 without nsenter.
   */
  public static final String SCRIPT =
      """
      pidfile=$1
      shift
      not_running() { echo "hpk: container is not running" >&2; exit 126; }
      read -r parent < "$pidfile" 2> /dev/null && [[ $parent =~ ^[0-9]+$ && -d /proc/$parent ]] || not_running
      while read -r key value _; do [[ $key == PPid: ]] && supervisor=$value; done < "/proc/$parent/status"
      outside=$(readlink "/proc/$supervisor/ns/mnt")
      target=
      for child in $(cat /proc/"$parent"/task/*/children 2> /dev/null); do
        if [[ $(readlink "/proc/$child/ns/mnt") != "$outside" ]]; then target=$child; break; fi
      done
      [[ -n $target ]] || not_running
      user=()
      while read -r key value _; do
        case $key in
          Uid:) ((value != 0)) && user+=(--setuid "$value") ;;
          Gid:) ((value != 0)) && user+=(--setgid "$value") ;;
        esac
      done < "/proc/$target/status"
      mapfile -d '' environment < "/proc/$target/environ" || not_running
      nsenter=$(command -v nsenter) || { echo "hpk: nsenter not found on $(hostname)" >&2; exit 127; }
      exec env -i "${environment[@]}" "$nsenter" --target "$target" --mount --uts --ipc --net \\
        --root --wd "${user[@]}" -- "$@"
      """;

  private ContainerEntry() {}
}
