# shellcheck shell=bash
# bash -c "$(<container-entry.sh)" NAME PIDFILE COMMAND...: see ContainerEntry.
pidfile=$1
shift
not_running() { echo "hpk: container is not running" >&2; exit 126; }
read -r parent < "$pidfile" 2> /dev/null && [[ $parent =~ ^[0-9]+$ && -d /proc/$parent ]] || not_running
while read -r key value _; do [[ $key == PPid: ]] && supervisor=$value; done < "/proc/$parent/status"
outside=$(readlink "/proc/$supervisor/ns/mnt")
starter=$(readlink "/proc/$parent/exe")
# Until the child has run the container's program it still sees the node's root; while Apptainer
# sets it up it is not dumpable (its executable and environment cannot be read). Right after the
# container started it may still be between the two: it is looked at again for up to 3 s.
container_child() {
  local child exe
  for child in $(cat /proc/"$parent"/task/*/children 2> /dev/null); do
    exe=$(readlink "/proc/$child/exe" 2> /dev/null) || continue
    if [[ $(readlink "/proc/$child/ns/mnt") != "$outside" && $exe != "$starter" ]]; then
      # The container's environment, as written in its memory: the container may have put
      # anything there.
      mapfile -d '' found 2> /dev/null < "/proc/$child/environ" || continue
      target=$child
      return 0
    fi
  done
  return 1
}
target=
for _ in {1..30}; do
  container_child && break
  sleep 0.1
done
[[ -n $target ]] || not_running
# The container's ids as its user namespace sees them: a pod sandbox maps 0 to the job's user.
inside() {
  local first outside count
  while read -r first outside count; do
    if (($2 >= outside && $2 < outside + count)); then echo $((first + $2 - outside)); return 0; fi
  done < "$1"
  return 1
}
while read -r key value _; do
  case $key in
    Uid:) uid=$value ;;
    Gid:) gid=$value ;;
  esac
done < "/proc/$target/status"
uid=$(inside "/proc/$target/uid_map" "$uid") && gid=$(inside "/proc/$target/gid_map" "$gid") || not_running
# Only the container's own namespaces: one it shares with the node (often ipc) belongs to the
# node's user namespace, which the job's user may not enter.
namespaces=()
for ns in user:--user mnt:--mount uts:--uts ipc:--ipc net:--net; do
  if [[ $(readlink "/proc/$target/ns/${ns%%:*}") != "$(readlink "/proc/self/ns/${ns%%:*}")" ]]; then
    namespaces+=("${ns#*:}")
  fi
done
[[ ${namespaces[0]} == --user ]] && namespaces+=(--preserve-credentials)
user=()
((uid != 0)) && user+=(--setuid "$uid")
((gid != 0)) && user+=(--setgid "$gid")
# Only NAME=value entries of its environment pass, and after --, so none can become env's option
# or command.
environment=()
for entry in "${found[@]}"; do
  [[ $entry =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && environment+=("$entry")
done
nsenter=$(command -v nsenter) || { echo "hpk: nsenter not found on $(hostname)" >&2; exit 127; }
exec env -i -- "${environment[@]}" "$nsenter" --target "$target" "${namespaces[@]}" \
  --root --wd "${user[@]}" -- "$@"
