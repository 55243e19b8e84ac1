# shellcheck shell=bash
# ---- lifecycle hooks (LifecycleHookScript) ----
# A container's hooks are the arrays poststart and prestop of the generated hpk_hooks_<index>
# (grace kind args...; kind is one of the probes' kinds or sleep), run as the kubelet runs them:
# postStart right after the run starts, before it counts as running; preStop on the first TERM of
# a running run, before the container gets it. hpk_supervise calls these with its locals (index,
# name, child, term).

# hpk_poststart: runs the run's postStart hook; fails (after recording the event and killing the
# run) when the hook fails. A TERM meanwhile ends the hook, and the stop goes on as usual.
hpk_poststart() {
  declare -F "hpk_hooks_$index" > /dev/null || return 0
  "hpk_hooks_$index" poststart &
  local hook=$! result
  hpk_hook_wait "$hook"
  result=$?
  ((term)) && return 0
  ((result == 0)) && return 0
  hpk_hook_event FailedPostStartHook "PostStartHook of container $name failed (exit code $result); the container is killed"
  hpk_kill_run "$child" 2
  return 1
}

# hpk_prestop: runs the run's preStop hook, bounded by the grace period; a failure is recorded and
# the stop goes on.
hpk_prestop() {
  declare -F "hpk_hooks_$index" > /dev/null || return 0
  local result
  "hpk_hooks_$index" prestop
  result=$?
  ((result == 0)) && return 0
  hpk_hook_event FailedPreStopHook "PreStopHook of container $name failed (exit code $result)"
}

# Waits for the postStart hook's subshell PID through trapped signals; a TERM (term set) stops it
# and what it runs. Returns its status.
hpk_hook_wait() {
  local status kids
  while :; do
    wait "$1"
    status=$?
    kill -0 "$1" 2> /dev/null || return "$status"
    if ((term)); then
      kids=()
      read -ra kids < "/proc/$1/task/$1/children" 2> /dev/null
      kill -s TERM "$1" "${kids[@]}" 2> /dev/null
    fi
  done
}

# hpk_hook KIND: the caller's hook array KIND (poststart or prestop), or success when it has none.
# An exec hook waits until the container has its own root, so that the command runs in the
# container and not in the node's filesystem.
hpk_hook() {
  local ref="$1[@]" spec
  spec=("${!ref}")
  ((${#spec[@]})) || return 0
  case ${spec[1]} in
    sleep)
      # A preStop sleep ends with the grace period (a postStart one has no bound: grace 0).
      ((spec[0] > 0 && spec[0] < spec[2])) && spec[2]=${spec[0]}
      sleep "${spec[2]}"
      ;;
    exec)
      hpk_container_up || return 1
      hpk_probe_check "${spec[@]}"
      ;;
    https-any) hpk_timed "${spec[0]}" hpk_https_hook "${spec[2]:-$HPK_POD_IP}" "${spec[@]:3}" ;;
    *) hpk_probe_check "${spec[@]}" ;;
  esac
}

# hpk_https_hook HOST PORT PATH HOST-HEADER HEADERS: an HTTPS GET as the kubelet's hooks make it,
# the server's certificate unchecked and any answer a success. bash cannot speak TLS: this needs
# curl on the node.
hpk_https_hook() {
  local -a headers=() lines=()
  local line
  mapfile -t lines <<< "${5%$'\n'}"
  for line in "${lines[@]}"; do
    [[ -n $line ]] && headers+=(-H "$line")
  done
  [[ -n $4 ]] && headers+=(-H "Host: $4")
  curl -k -g -s -o /dev/null "${headers[@]}" -- "https://$1:$2$3"
}


# hpk_kill_run PID GRACE: TERM, then KILL once GRACE seconds have passed.
hpk_kill_run() {
  local end=$((EPOCHSECONDS + $2))
  kill -s TERM "$1" 2> /dev/null
  while kill -0 "$1" 2> /dev/null; do
    if ((EPOCHSECONDS >= end)); then
      kill -s KILL "$1" 2> /dev/null
      return
    fi
    sleep 0.2
  done
}

# hpk_hook_event REASON MESSAGE: a Warning for the pod, appended to the pod's events file, which
# the bridge reads with the state files. Reason and message are the script's own words.
hpk_hook_event() {
  hpk_log "$2"
  printf 'Warning\t%s\t%s\n' "$1" "$2" >> "$hpk_events_file"
}
