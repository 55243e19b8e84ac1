# shellcheck shell=bash
# ---- probes (ProbeScript) ----
# hpk_status_write JSON: replaces the container's state file (JSON without its closing brace); a
# running container's gets the probe results of the run, under the container's lock.
hpk_status_write() {
  local json=$1 probe=(true true) status=$hpk_status_dir/$name$hpk_state_suffix
  local tmp=$hpk_status_dir/.$name$hpk_state_suffix.tmp
  {
    flock 9
    if [[ $state == running ]]; then
      read -r -a probe 2> /dev/null < "$hpk_status_dir/.$name.probe"
      printf -v json '%s,"ready":%s,"started":%s' "$json" "${probe[0]}" "${probe[1]}"
    fi
    printf '%s}\n' "$json" > "$tmp" && mv -f -- "$tmp" "$status"
  } 9> "$hpk_status_dir/.$name.lock"
}

# The prober's p_ready and p_started become the run's state, and its JSON's while it runs.
hpk_probe_save() {
  local json re='^(.*"state":"running".*),"ready":(true|false),"started":(true|false)\}$'
  local status=$hpk_status_dir/$name$hpk_state_suffix
  local tmp=$hpk_status_dir/.$name$hpk_state_suffix.tmp
  local results=$hpk_status_dir/.$name.probe
  {
    flock 9
    printf '%s %s\n' "$p_ready" "$p_started" > "$results.tmp" && mv -f -- "$results.tmp" "$results"
    if [[ -f $status ]] && json=$(< "$status") && [[ $json =~ $re ]]; then
      printf '%s,"ready":%s,"started":%s}\n' "${BASH_REMATCH[1]}" "$p_ready" "$p_started" \
        > "$tmp" && mv -f -- "$tmp" "$status"
    fi
  } 9> "$hpk_status_dir/.$name.lock"
}

# Called by hpk_supervise (its locals index, name, child) around each run of a container.
hpk_probe_reset() {
  rm -f -- "$hpk_status_dir/.$name.probe"
  if declare -F "hpk_probe_$index" > /dev/null; then "hpk_probe_$index" init; fi
}

hpk_probe_start() {
  hpk_prober_pid=
  if declare -F "hpk_probe_$index" > /dev/null; then
    "hpk_probe_$index" run "$child" &
    hpk_prober_pid=$!
  fi
}

hpk_probe_stop() {
  [[ -n $hpk_prober_pid ]] || return 0
  kill -s TERM "$hpk_prober_pid" 2> /dev/null
  wait "$hpk_prober_pid" 2> /dev/null
  hpk_prober_pid=
}

hpk_tcp_probe() { exec 3<> "/dev/tcp/$1/$2"; }

# hpk_http_probe HOST PORT PATH HOST-HEADER HEADERS [KIND]: 200-399 is success; for KIND http-any
# (a lifecycle hook's, as the kubelet's) any answer is. HEADERS are lines ending in LF (sbatch
# refuses scripts with CR in them), sent ending in CRLF.
hpk_http_probe() {
  local code cr=$'\r'
  exec 3<> "/dev/tcp/$1/$2" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n' "$3" "$4" "${5//$'\n'/$cr$'\n'}" >&3
  read -r _ code _ <&3 || return 1
  code=${code%%[!0-9]*}
  [[ -n $code ]] || return 1
  [[ ${6:-} == http-any ]] || ((code >= 200 && code < 400))
}

# hpk_exec_probe PIDFILE COMMAND...: runs COMMAND inside the container whose Apptainer runtime
# parent PIDFILE names, with the same entry script as the kubelet's exec (ContainerEntry).
hpk_exec_probe() {
  # Without its entry script a probe must fail, never pass by running nothing.
  [[ -n ${hpk_container_entry:-} ]] || return 1
  bash -c "$hpk_container_entry" hpk-exec "$@"
}

# hpk_timed SECONDS FUNCTION ARGS...: one of the functions above in its own bash, stopped after
# SECONDS; its output is dropped.
hpk_timed() {
  local seconds=$1 function=$2
  shift 2
  timeout -k 1 "$seconds" bash -c "$(declare -f "$function")"'
    "$0" "$@"' "$function" "$@" > /dev/null 2>&1 < /dev/null
}

# hpk_probe_check TIMEOUT KIND ARGS...: one probe attempt against the current run.
hpk_probe_check() {
  local timeout=$1 kind=$2 host=${3:-$HPK_POD_IP}
  case $kind in
    tcp) hpk_timed "$timeout" hpk_tcp_probe "$host" "$4" ;;
    http | http-any) hpk_timed "$timeout" hpk_http_probe "$host" "$4" "$5" "${6:-$host:$4}" "$7" "$kind" ;;
    exec)
      shift 2
      hpk_timed "$timeout" hpk_exec_probe "$hpk_status_dir/$name$hpk_pid_suffix" "$@"
      ;;
    *) return 1 ;;
  esac
}

# hpk_prober init | run PID: the probes in the caller's arrays startup, liveness and readiness
# (delay period timeout success failure grace kind args...). init records the state a run
# starts with; run probes the run PID until it ends or a probe kills it.
hpk_prober() {
  local p_ready=false p_started=false kind ref spec now next pid=$2
  local -A due=() ok=() bad=()
  # shellcheck disable=SC2154 # startup, liveness, readiness: locals of the generated hpk_probe_<i>
  ((${#startup[@]})) || p_started=true
  # shellcheck disable=SC2154 # as above
  [[ $p_started == true ]] && ((${#readiness[@]} == 0)) && p_ready=true
  hpk_probe_save
  [[ $1 == run ]] || return 0
  trap - TERM
  for kind in startup liveness readiness; do
    ref="${kind}[@]"
    spec=("${!ref}")
    ((${#spec[@]})) && due[$kind]=$((EPOCHSECONDS + spec[0])) ok[$kind]=0 bad[$kind]=0
  done
  while kill -0 "$pid" 2> /dev/null; do
    now=$EPOCHSECONDS next=$((now + 60))
    for kind in "${!due[@]}"; do
      if [[ $kind == startup ]]; then
        [[ $p_started == false ]] || continue
      else
        [[ $p_started == true ]] || continue
      fi
      if ((due[$kind] <= now)); then
        ref="${kind}[@]"
        spec=("${!ref}")
        due[$kind]=$((now + spec[1]))
        hpk_probe_once || return 0
      fi
      ((due[$kind] < next)) && next=${due[$kind]}
    done
    ((next > EPOCHSECONDS)) && sleep $((next - EPOCHSECONDS))
  done
}

# One attempt of probe $kind (spec) and what its thresholds make of it; fails once the run is
# killed.
hpk_probe_once() {
  if hpk_probe_check "${spec[2]}" "${spec[@]:6}"; then
    bad[$kind]=0 ok[$kind]=$((ok[$kind] + 1))
    ((ok[$kind] >= spec[3])) || return 0
    case $kind in
      startup)
        p_started=true
        ((${#readiness[@]})) || p_ready=true
        hpk_probe_save
        ;;
      readiness) [[ $p_ready == true ]] || { p_ready=true && hpk_probe_save; } ;;
    esac
    return 0
  fi
  ok[$kind]=0 bad[$kind]=$((bad[$kind] + 1))
  ((bad[$kind] >= spec[4])) || return 0
  if [[ $kind == readiness ]]; then
    [[ $p_ready == false ]] || { p_ready=false && hpk_probe_save; }
    return 0
  fi
  hpk_log "container $name failed its $kind probe ${bad[$kind]} times in a row; killing it"
  p_ready=false
  hpk_probe_save
  local end=$((EPOCHSECONDS + spec[5]))
  hpk_prestop
  kill -s TERM "$pid" 2> /dev/null
  while kill -0 "$pid" 2> /dev/null; do
    if ((EPOCHSECONDS >= end)); then
      kill -s KILL "$pid" 2> /dev/null
      break
    fi
    sleep 1
  done
  return 1
}
