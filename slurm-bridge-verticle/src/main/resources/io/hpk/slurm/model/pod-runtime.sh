# shellcheck shell=bash
# ---- HPK pod runtime (fixed text; everything pod-specific is above or below) ----
hpk_stamp() { printf -v "$1" '%(%Y-%m-%dT%H:%M:%SZ)T' -1; }

hpk_log() {
  local now
  hpk_stamp now
  printf '%s hpk: %s\n' "$now" "$*" >&2
}

# Writes the container's state file from the caller's variables (bash functions see their callers'
# locals).
hpk_publish() {
  local json
  printf -v json '{"name":"%s","state":"%s"' "$name" "$state"
  [[ -n $reason ]] && printf -v json '%s,"reason":"%s"' "$json" "$reason"
  [[ -n $message ]] && printf -v json '%s,"message":"%s"' "$json" "$message"
  printf -v json '%s,"restartCount":%d' "$json" "$restarts"
  [[ -n $started ]] && printf -v json '%s,"startedAt":"%s"' "$json" "$started"
  [[ -n $finished ]] && printf -v json '%s,"finishedAt":"%s"' "$json" "$finished"
  [[ -n $code ]] && printf -v json '%s,"exitCode":%d' "$json" "$code"
  if [[ -n $l_code ]]; then
    printf -v json '%s,"lastState":{"exitCode":%d,"reason":"%s","startedAt":"%s","finishedAt":"%s"}' \
      "$json" "$l_code" "$l_reason" "$l_started" "$l_finished"
  fi
  hpk_status_write "$json"
}

# hpk_waiting NAME REASON [MESSAGE]: a container that has not started.
hpk_waiting() {
  local name=$1 state=waiting reason=$2 message=${3:-} restarts=0 started='' finished='' code=''
  local l_code='' l_reason='' l_started='' l_finished=''
  hpk_publish
}

# hpk_cri STREAM FILE: copies lines to FILE in CRI log format, stamped when each line arrives. Output
# that ends without a newline is a partial (P) line, so readers give back exactly what was written.
hpk_cri() {
  trap '' TERM
  local line now tag=F
  while IFS= read -r line || { [[ -n $line ]] && tag=P; }; do
    now=$EPOCHREALTIME
    printf '%(%Y-%m-%dT%H:%M:%S)T.%sZ %s %s %s\n' "${now%.*}" "${now#*.}" "$1" "$tag" "$line"
  done >> "$2"
  rm -f -- "$3"
}

# The copiers end after the run's last output (a last line without newline only at its EOF); the
# log is whole once their markers are gone. Bounded: a process the run left behind may hold the
# output open.
hpk_logs_copied() {
  local i
  for ((i = 0; i < 250; i++)); do
    [[ -e ${copying[0]} || -e ${copying[1]} ]] || return 0
    sleep 0.02
  done
}

# hpk_termination_file POLICY [PATH]: before a run, a fresh empty file bound at the container's
# terminationMessagePath, writable by whichever uid of the sandbox the container runs as (the
# owner-only pod directory keeps everyone else away from it). Without PATH (see
# TerminationMessageFile) no file is bound and only the log fallback can give a message. Apptainer
# builds the container's /dev itself and binds nothing else there but what the sandbox's own /dev
# holds under the same name: a path /dev/NAME is the sandbox's link (hpk_sandbox_dev), which
# Apptainer copies, to the file bound at $hpk_dev_link_target; without that link, no file.
hpk_termination_file() {
  local file="$hpk_status_dir/$name$hpk_termination_suffix"
  hpk_message_policy=$1
  rm -f -- "$file" "$hpk_status_dir/$name$hpk_message_suffix" "$hpk_status_dir/$name$hpk_log_message_suffix"
  [[ -n ${2:-} ]] || return 0
  if [[ $2 == /dev/* && -z ${hpk_dev_links[${2#/dev/}]:-} ]]; then
    return 0
  fi
  : > "$file" && chmod 0666 -- "$file" || return 1
  if [[ $2 == /dev/* ]]; then
    hpk_binds+=(-B "$hpk_dir/$file:$hpk_dev_link_target" -B "$2")
  else
    hpk_binds+=(-B "$hpk_dir/$file:$2")
  fi
}

# After a run: the start of the container's termination file or, with FallbackToLogsOnError after a
# failure and an empty file, its log's last lines go where the bridge reads the message. The text is
# the pod's: it is copied from file to file and never passes through the shell.
hpk_termination_message() {
  local file="$hpk_status_dir/$name$hpk_termination_suffix" out="$hpk_status_dir/$name$hpk_message_suffix"
  if [[ -f $file && -s $file ]]; then
    head -c 4096 -- "$file" > "$out.tmp" && mv -f -- "$out.tmp" "$out"
  elif [[ ${hpk_message_policy:-} == FallbackToLogsOnError ]] && ((code != 0)); then
    out="$hpk_status_dir/$name$hpk_log_message_suffix"
    tail -n 80 -- "$log" > "$out.tmp" 2> /dev/null && mv -f -- "$out.tmp" "$out"
  fi
}

# hpk_container_up: waits until the run's container ($child, Apptainer's runtime parent) has begun
# its own program: a child in a mount namespace of its own whose executable is no longer the
# runtime's. Before that the child still sees the node's root and environment (an exec there would
# read the node's /etc/hosts), so the container is not running yet. While $child is still the
# apptainer command (before it execs its runtime) no child is the container: without squashfuse it
# converts the SIF in a nested Apptainer of its own, in another mount namespace. A child whose
# executable cannot be read is not dumpable yet: Apptainer still sets it up. Fails when the run
# ends first.
hpk_container_up() {
  local outside runtime c cli exe
  outside=$(readlink /proc/self/ns/mnt)
  cli=$(readlink -f -- "$(command -v -- "$hpk_apptainer")")
  # The runtime itself is undumpable for moments while it sets up (its executable cannot be read
  # then): only its end ends the wait.
  while kill -0 "$child" 2> /dev/null; do
    if runtime=$(readlink "/proc/$child/exe" 2> /dev/null) && [[ $runtime != "$cli" ]]; then
      for c in $(cat /proc/"$child"/task/*/children 2> /dev/null); do
        exe=$(readlink "/proc/$c/exe" 2> /dev/null) || continue
        [[ $(readlink "/proc/$c/ns/mnt") != "$outside" && $exe != "$runtime" ]] && return 0
      done
    fi
    sleep 0.05
  done
  return 1
}

# Waits for $child even when a trapped signal interrupts wait; sets code.
hpk_wait_child() {
  while :; do
    wait "$child"
    code=$?
    kill -0 "$child" 2> /dev/null || return 0
  done
}

# The first TERM is passed on, after a running container's preStop hook; a TERM at least 2 s later
# (the final scancel) kills.
hpk_container_term() {
  local signal=TERM
  if ((term)); then
    ((SECONDS - term_at >= 2)) && signal=KILL
  else
    term=1 term_at=$SECONDS
    ((live)) && hpk_prestop
  fi
  [[ -n $child ]] && kill -s "$signal" "$child" 2> /dev/null
}

hpk_restarts() {
  case $1 in
    Always) return 0 ;;
    OnFailure) (($2 != 0)) ;;
    *) return 1 ;;
  esac
}

# hpk_supervise INDEX NAME POLICY: runs one container, restarting it as POLICY says, until it will
# not run again; returns its last exit code.
hpk_supervise() {
  local index=$1 name=$2 policy=$3 log="$hpk_logs_dir/$2$hpk_log_suffix"
  local state=waiting reason=ContainerCreating message='' restarts=0 started='' finished='' code=''
  local l_code='' l_reason='' l_started='' l_finished=''
  local child='' live=0 term=0 term_at=0 delay=10 ran_from
  local -a copying=("$hpk_status_dir/$2.stdout$hpk_copying_suffix" "$hpk_status_dir/$2.stderr$hpk_copying_suffix")
  trap hpk_container_term TERM
  while :; do
    if ! "hpk_prepare_$index"; then
      state=terminated reason=CreateContainerConfigError code=128
      message="a subPath of this container resolves outside its volume or cannot be created"
      hpk_stamp started
      finished=$started
      hpk_publish
      return 128
    fi
    hpk_stamp started
    ran_from=$SECONDS
    hpk_probe_reset
    : > "${copying[0]}" && : > "${copying[1]}"
    "hpk_launch_$index" > >(hpk_cri stdout "$log" "${copying[0]}") \
      2> >(hpk_cri stderr "$log" "${copying[1]}") &
    child=$!
    printf '%s\n' "$child" > "$hpk_status_dir/$name$hpk_pid_suffix"
    live=1
    # startedAt is when the container's program started, as a kubelet reports it.
    if hpk_container_up && hpk_stamp started && hpk_poststart; then
      state=running reason='' finished='' code=''
      hpk_publish
      hpk_probe_start
    fi
    ((term)) && kill -s TERM "$child" 2> /dev/null
    hpk_wait_child
    hpk_probe_stop
    child='' live=0
    hpk_stamp finished
    hpk_logs_copied
    hpk_termination_message
    if ((code == 0)); then reason=Completed; else reason=Error; fi
    if ((term)) || ! hpk_restarts "$policy" "$code"; then
      state=terminated
      hpk_publish
      return "$code"
    fi
    l_code=$code l_reason=$reason l_started=$started l_finished=$finished
    ((SECONDS - ran_from >= 600)) && delay=10
    state=waiting reason=CrashLoopBackOff started='' finished='' code=''
    hpk_publish
    sleep "$delay" &
    child=$!
    hpk_wait_child
    child=
    if ((term)); then
      state=terminated code=$l_code reason=$l_reason started=$l_started finished=$l_finished
      l_code=
      hpk_publish
      return "$code"
    fi
    delay=$((delay * 2 > 300 ? 300 : delay * 2))
    restarts=$((restarts + 1))
    mv -f -- "$log" "$hpk_logs_dir/$name$hpk_previous_log_suffix" 2> /dev/null
  done
}

hpk_find_host_ip() {
  local addresses re='inet ([0-9.]+)/'
  HPK_HOST_IP=
  if addresses=$(ip -4 -o addr show scope global 2> /dev/null) && [[ $addresses =~ $re ]]; then
    HPK_HOST_IP=${BASH_REMATCH[1]}
  fi
  [[ -n $HPK_HOST_IP ]] || read -r HPK_HOST_IP _ < <(hostname -I 2> /dev/null)
  [[ -n $HPK_HOST_IP ]] || HPK_HOST_IP=127.0.0.1
}

# hpk_host_path PATH TYPE ALLOWED: checks (after resolving symlinks) and prepares a hostPath volume.
hpk_host_path() {
  local path=$1 type=$2 root real
  root=$(realpath -m -- "$3") && real=$(realpath -m -- "$path") || return 1
  root=${root%/}
  case $real/ in
    "$root"/*) ;;
    *)
      hpk_log "hostPath $path resolves to $real, outside $3"
      return 1
      ;;
  esac
  case $type in
    DirectoryOrCreate) [[ -d $real ]] || mkdir -p -- "$real" ;;
    FileOrCreate) [[ -f $real ]] || : >> "$real" ;;
    Directory) [[ -d $real ]] ;;
    File) [[ -f $real ]] ;;
    Socket) [[ -S $real ]] ;;
    CharDevice) [[ -c $real ]] ;;
    BlockDevice) [[ -b $real ]] ;;
    *) true ;;
  esac || {
    hpk_log "hostPath $path is not a usable $type"
    return 1
  }
}

# hpk_subpath VOLUME SUBPATH STAGE: binds the subPath's real location inside VOLUME onto STAGE in
# the sandbox's mount namespace and sets hpk_resolved to STAGE, which Apptainer then binds. Checking
# a path and then binding it by name would let a container of the pod swap a directory of the
# volume for a symlink in between; hpk_subpath_bind checks what it opened and binds exactly that.
# The timeout bounds an open that a FIFO swapped in could block.
hpk_subpath() {
  local why
  hpk_resolved=
  if ! why=$(timeout 10 "${hpk_enter[@]}" bash -c "$(declare -f hpk_subpath_bind hpk_subpath_inside)
hpk_subpath_bind \"\$@\"" hpk-subpath "$@" 2>&1); then
    hpk_log "subPath $2 of $1: ${why:-timed out}"
    return 1
  fi
  # shellcheck disable=SC2034 # read by the generated hpk_prepare_<i> of a container with a subPath
  hpk_resolved=$3
}

# Runs in the sandbox (whose mount namespace this bind goes into): walks SUBPATH one name at a time
# from VOLUME, creating missing directories, and checks after each step where the working directory
# really is: the kernel's name of the directory entered, not bash's $PWD or pwd -P, which are names
# resolved again. The last name is opened and its descriptor checked and bound, never its name.
hpk_subpath_bind() {
  local root names name i last
  cd -P -- "$1" && root=$(readlink /proc/self/cwd) || return 1
  IFS=/ read -ra names <<< "$2"
  last=$((${#names[@]} - 1))
  for i in "${!names[@]}"; do
    name=${names[i]}
    [[ -z $name || $name == . ]] && continue
    ((i == last)) && [[ -e $name && ! -d $name ]] && break
    mkdir -- "$name" 2> /dev/null
    cd -P -- "$name" || return 1
    hpk_subpath_inside "$root" "$(readlink /proc/self/cwd)" || return 1
    name=.
  done
  if [[ $name == . || -z $name ]]; then
    exec 3< . || return 1
  else
    { exec 3<> "$name"; } 2> /dev/null || exec 3< "$name" || return 1
    hpk_subpath_inside "$root" "$(readlink /proc/self/fd/3)" || return 1
  fi
  mkdir -p -- "${3%/*}" || return 1
  if [[ -d /proc/self/fd/3 ]]; then
    mkdir -p -- "$3" || return 1
  else
    [[ -f $3 ]] || : > "$3" || return 1
  fi
  mount --no-canonicalize --bind /proc/self/fd/3 "$3"
}

# hpk_subpath_inside ROOT PATH: whether PATH is ROOT or below it.
hpk_subpath_inside() {
  case $2/ in
    "$1"/*) return 0 ;;
  esac
  echo "resolves to $2, outside the volume" >&2
  return 1
}

# Starts the pod's sandbox and writes the pod IP file. The sandbox is a process of this user in a
# user namespace of its own (uid 0 inside is this user, 1-65535 its subordinate ids) and, with a pod
# network, a network namespace that the site's helper attaches to the node's CNI network; every
# container runs inside it (hpk_enter), so none is ever root on the node.
hpk_sandbox() {
  local result i here re_ip='"address": *"([0-9.]+)/'
  hpk_enter=()
  HPK_POD_IP=$HPK_HOST_IP
  [[ -n $hpk_sandbox_mode ]] || { hpk_write_pod_ip; return; }
  local -a namespaces=(--map-root-user --map-auto)
  # A subPath is bound into the sandbox's own mount namespace (hpk_subpath) before Apptainer runs,
  # and the termination messages' links live in its /dev (hpk_sandbox_dev).
  ((hpk_mount_namespace)) && namespaces+=(--mount)
  if [[ $hpk_sandbox_mode == net ]]; then
    # A new network namespace's loopback is down; the pod's containers talk over it.
    unshare "${namespaces[@]}" --net sh -c 'ip link set lo up; exec sleep infinity' &
  else
    unshare "${namespaces[@]}" sleep infinity &
  fi
  hpk_sandbox_pid=$!
  here=$(readlink /proc/self/ns/user)
  for ((i = 0; i < 200; i++)); do
    [[ $(readlink "/proc/$hpk_sandbox_pid/ns/user") != "$here" ]] && break
    kill -0 "$hpk_sandbox_pid" 2> /dev/null || return 1
    sleep 0.02
  done
  hpk_enter=(nsenter --preserve-credentials --user --target "$hpk_sandbox_pid")
  # Entering a mount namespace starts at its /. --wd without a directory takes the sandbox's own
  # (the job's directory, as seen in that namespace); --wd=DIR would open DIR out here, and
  # Apptainer could then not name its working directory.
  ((hpk_mount_namespace)) && hpk_enter+=(--mount --wd)
  if [[ $hpk_sandbox_mode == net ]]; then
    # A job killed before its teardown leaves its address reserved; the same pod takes it back.
    sudo -n "$hpk_network_helper" del "$hpk_sandbox_id" > /dev/null 2>&1
    result=$(sudo -n "$hpk_network_helper" add "$hpk_sandbox_id" "$hpk_sandbox_pid") || return 1
    hpk_network_attached=1
    [[ $result =~ $re_ip ]] || return 1
    HPK_POD_IP=${BASH_REMATCH[1]}
    hpk_enter+=(--net)
  fi
  hpk_enter+=(--)
  if ((${#hpk_dev_names[@]})); then
    hpk_sandbox_dev || return 1
  fi
  hpk_write_pod_ip
}

# Gives the sandbox's mount namespace a /dev of its own holding a link /dev/NAME ->
# $hpk_dev_link_target for each NAME of hpk_dev_names (the pod's terminationMessagePaths under
# /dev) that is not a device already, and records them in hpk_dev_links.
hpk_sandbox_dev() {
  local made name
  made=$("${hpk_enter[@]}" bash -c "$(declare -f hpk_dev_inside)
hpk_dev_inside \"\$@\"" hpk-dev "$hpk_dev_link_target" "${hpk_dev_names[@]}") || return 1
  while IFS= read -r name; do
    [[ -n $name ]] && hpk_dev_links[$name]=1
  done <<< "$made"
  return 0
}

# Runs in the sandbox: a tmpfs over /dev with every entry of the node's /dev this user may open
# (devices and files bound one by one, directories recursively, links copied), reached through a
# descriptor of the /dev it covers; then the links TARGET NAME..., each name it made printed. The
# mounts exist only in the sandbox's namespace: nothing on the node sees them.
hpk_dev_inside() {
  local target=$1 entry name
  shift
  exec 3< /dev || return 1
  mount -t tmpfs -o mode=0755,nosuid hpk-dev /dev || return 1
  for entry in /proc/self/fd/3/*; do
    name=${entry##*/}
    if [[ -L $entry ]]; then
      ln -s -- "$(readlink -- "$entry")" "/dev/$name" || return 1
    elif [[ -d $entry ]]; then
      mkdir -- "/dev/$name" && mount --no-canonicalize --rbind -- "$entry" "/dev/$name" || return 1
    elif [[ -r $entry || -w $entry ]]; then
      : > "/dev/$name" && mount --no-canonicalize --bind -- "$entry" "/dev/$name" || return 1
    fi
  done
  exec 3<&-
  for name in "$@"; do
    [[ -e /dev/$name || -L /dev/$name ]] && continue
    ln -s -- "$target" "/dev/$name" && printf '%s\n' "$name" || return 1
  done
}

hpk_write_pod_ip() {
  local tmp=.$hpk_pod_ip_file.tmp
  printf '%s\n' "$HPK_POD_IP" > "$tmp" && mv -f "$tmp" "$hpk_pod_ip_file"
}

hpk_teardown() {
  if ((hpk_network_attached)); then
    sudo -n "$hpk_network_helper" del "$hpk_sandbox_id" >&2
  fi
  [[ -n $hpk_sandbox_pid ]] && kill "$hpk_sandbox_pid" 2> /dev/null
  [[ -n $hpk_usage_pid ]] && kill "$hpk_usage_pid" 2> /dev/null
  [[ -n $hpk_ephemeral_pid ]] && kill "$hpk_ephemeral_pid" 2> /dev/null
}

# hpk_tree_usage PID: sums CPU ticks, PSS (kB) and RSS (pages) of PID and its descendants into cpu, pss, rss.
hpk_tree_usage() {
  local -a todo=("$1") f kids
  local p stat t key value _ found
  cpu=0 pss=0 rss=0
  while ((${#todo[@]})); do
    p=${todo[-1]}
    unset 'todo[-1]'
    read -r stat < "/proc/$p/stat" 2> /dev/null || continue
    read -ra f <<< "${stat##*) }"
    cpu=$((cpu + f[11] + f[12]))
    rss=$((rss + f[21]))
    found=0
    while read -r key value _; do
      if [[ $key == Pss: ]]; then pss=$((pss + value)) found=1; break; fi
    done < "/proc/$p/smaps_rollup" 2> /dev/null
    ((found)) || pss=$((pss + f[21] * hpk_page_kb))
    # A children file has no newline at its end, so read "fails" while filling kids.
    for t in "/proc/$p/task/"*/children; do
      kids=()
      read -ra kids < "$t" 2> /dev/null
      todo+=("${kids[@]}")
    done
  done
}

# Every few seconds, the CPU and memory of each running container's processes on this node go to
# the pod directory's usage file (for kubectl top): what runs on the compute node, measured there.
hpk_usage_loop() {
  local -A last_pid=() last_cpu=() last_at=()
  local name pid now cpu pss rss rate out tmp=.$hpk_usage_file.tmp
  hpk_page_kb=$(($(getconf PAGESIZE 2> /dev/null || echo 4096) / 1024))
  # A job shell killed outright (no EXIT trap) leaves no loop behind.
  while kill -0 "$$" 2> /dev/null; do
    now=${EPOCHREALTIME/./}
    out="${now:0:-3}"$'\n'
    for name in "${hpk_init_names[@]}" "${hpk_app_names[@]}"; do
      read -r pid 2> /dev/null < "$hpk_status_dir/$name$hpk_pid_suffix" && [[ -d /proc/$pid ]] || continue
      hpk_tree_usage "$pid"
      cpu=$((cpu * 10000000))
      rate=-1
      if [[ ${last_pid[$name]} == "$pid" ]] && ((cpu >= last_cpu[$name] && now > last_at[$name])); then
        rate=$(((cpu - last_cpu[$name]) * 1000000 / (now - last_at[$name])))
      fi
      last_pid[$name]=$pid last_cpu[$name]=$cpu last_at[$name]=$now
      out+="$name $cpu $rate $((pss * 1024)) $((rss * hpk_page_kb * 1024))"$'\n'
    done
    printf '%s' "$out" > "$tmp" && mv -f "$tmp" "$hpk_usage_file"
    sleep "$hpk_usage_interval"
  done
}

# Ephemeral containers (kubectl debug) arrive while the pod runs: the bridge renames each one's
# functions into ephemeral/<name>.sh, never half-written. Each is sourced once and run once in the
# pod's sandbox, with the state file, pid file and log of any container, and never restarted. The
# directory is looked at every second: the bridge may run on another host than this job, so the
# shared filesystem is the only channel both see.
hpk_ephemeral_loop() {
  local -A seen=()
  local -a pids=()
  local file name hpk_ephemeral_index pid stopping=0
  # A pod being stopped starts nothing new; its ephemeral containers get each TERM the pod gets.
  trap 'stopping=1; for pid in "${pids[@]}"; do kill -s TERM "$pid" 2> /dev/null; done' TERM
  # A job shell killed outright (no EXIT trap) leaves no loop behind.
  while ((!stopping)) && kill -0 "$$" 2> /dev/null; do
    # A gang's pod is a step of the gang's job: its stop comes as this file, not as a signal.
    if [[ -e $hpk_stop_request_file ]]; then
      kill -s TERM "$$" 2> /dev/null
    fi
    for file in "$hpk_ephemeral_dir"/*"$hpk_ephemeral_suffix"; do
      name=${file##*/}
      name=${name%"$hpk_ephemeral_suffix"}
      [[ -f $file && -z ${seen[$name]:-} ]] || continue
      seen[$name]=1
      hpk_ephemeral_index=
      # shellcheck source=/dev/null
      if ! source "$file" || [[ -z $hpk_ephemeral_index ]]; then
        hpk_log "ephemeral container $name: $file does not define its launch"
        continue
      fi
      hpk_supervise "$hpk_ephemeral_index" "$name" Never &
      pids+=($!)
    done
    sleep 1 &
    wait "$!"
  done
  # Still here for the TERM that kills what the first one did not end; wait ends early at each.
  until wait; do :; done
}

hpk_pod_term() {
  hpk_terminating=1
  local pid
  for pid in "${hpk_pids[@]}" ${hpk_ephemeral_pid:+"$hpk_ephemeral_pid"}; do
    kill -s TERM "$pid" 2> /dev/null
  done
}

# hpk_await PID: waits through trapped signals; sets hpk_rc.
hpk_await() {
  while :; do
    wait "$1"
    hpk_rc=$?
    kill -0 "$1" 2> /dev/null || return 0
  done
}

# hpk_fail_before_start REASON MESSAGE: no container can start.
hpk_fail_before_start() {
  local name
  for name in "${hpk_init_names[@]}" "${hpk_app_names[@]}"; do
    hpk_waiting "$name" "$1" "$2"
  done
  hpk_log "$2"
  exit 1
}

# Keeps of the submitter's environment only what the job needs, so nothing else (LD_PRELOAD, BASH_ENV,
# APPTAINER_BIND, APPTAINERENV_*) reaches Apptainer or a container. The script's own exports (hpk_*,
# e.g. the exec probes' entry script) stay.
hpk_clear_environment() {
  local var
  while read -r var; do
    case $var in
      SLURM_* | PATH | HOME | USER | LOGNAME | SHELL | TMPDIR | LANG | LC_ALL | TZ | TERM | XDG_RUNTIME_DIR) ;;
      APPTAINER_CACHEDIR | APPTAINER_TMPDIR | hpk_*) ;;
      *) unset "$var" 2>/dev/null || true ;;
    esac
  done < <(compgen -e)
}

hpk_main() {
  local i name first=ContainerCreating failed=0 node=${SLURMD_NODENAME:-}
  local -A hpk_dev_links=()
  hpk_clear_environment
  hpk_network_attached=0 hpk_sandbox_pid='' hpk_usage_pid='' hpk_ephemeral_pid='' hpk_terminating=0 hpk_pids=()
  cd -- "$hpk_dir" && mkdir -p "$hpk_status_dir" "$hpk_logs_dir" "$hpk_volumes_dir" || exit 1
  printf '%s\n' "$node" > "$hpk_node_file"
  trap hpk_pod_term TERM
  trap hpk_teardown EXIT
  ((${#hpk_init[@]} > 0)) && first=PodInitializing
  for name in "${hpk_init_names[@]}" "${hpk_app_names[@]}"; do
    hpk_waiting "$name" "$first"
  done
  hpk_find_host_ip
  hpk_setup_volumes || hpk_fail_before_start FailedMount "a volume could not be prepared"
  hpk_sandbox || hpk_fail_before_start CreatePodSandboxError "the pod network sandbox did not start"
  hpk_dns_files || hpk_fail_before_start CreatePodSandboxError "the pod's resolv.conf and hosts could not be written"
  hpk_usage_loop &
  hpk_usage_pid=$!
  hpk_ephemeral_loop &
  hpk_ephemeral_pid=$!
  for i in "${!hpk_init[@]}"; do
    ((hpk_terminating)) && exit 1
    hpk_supervise "${hpk_init[i]}" "${hpk_init_names[i]}" "$hpk_init_policy" &
    hpk_pids=($!)
    hpk_await "$!"
    if ((hpk_rc != 0)); then
      hpk_log "init container ${hpk_init_names[i]} failed with exit code $hpk_rc"
      exit 1
    fi
  done
  ((hpk_terminating)) && exit 1
  hpk_pids=()
  for i in "${!hpk_apps[@]}"; do
    hpk_supervise "${hpk_apps[i]}" "${hpk_app_names[i]}" "$hpk_policy" &
    hpk_pids+=($!)
  done
  for i in "${!hpk_pids[@]}"; do
    hpk_await "${hpk_pids[i]}"
    ((hpk_rc != 0)) && failed=1
  done
  exit "$failed"
}
