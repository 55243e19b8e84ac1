# Shared settings for the lab scripts. Sourced, never run.
# shellcheck shell=bash disable=SC2034 # the settings are used by the scripts that source this
# Overrides come from HPK_LAB_* variables (the HPK JVM ignores that prefix; its own are HPK_*).
# Everything built is cached outside the repository, keyed by version, so a second `up` takes seconds.
set -euo pipefail

LAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HPK_CACHE="${HPK_LAB_CACHE:-/var/cache/hpk}"
# The HPC user of the lab: an ordinary account (nodes.sh creates it) that runs everything a user runs: the
# control plane, the registry, HPK, kubectl. Root only runs what a site admin runs: Slurm, the nodes, Apptainer.
HPC_USER="${HPK_LAB_USER:-hpcuser}"
# Runtime state, split by owner as on a real cluster. The user's (PKI, kubeconfigs, etcd, registry, pods,
# images) is on the filesystem the compute nodes share; the site's (Slurm state, node files) is root's.
# Both survive `down` and are removed by `down --purge`.
LAB_STATE="${HPK_LAB_STATE:-/var/lib/hpk-lab}"
SITE_STATE="${HPK_LAB_SITE_STATE:-/var/lib/hpk-site}"
# Logs and pid files of a daemon live with its owner's state.
if ((EUID == 0)); then LAB_LOGS="$SITE_STATE/logs" LAB_PIDS="$SITE_STATE/pids"
else LAB_LOGS="$LAB_STATE/logs" LAB_PIDS="$LAB_STATE/pids"; fi

K8S_VERSION="${HPK_LAB_K8S_VERSION:-v1.34.4}"
# Kubernetes' staging modules, which a wrapper module must replace with their published versions.
STAGING="api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap
code-generator component-base component-helpers controller-manager cri-api cri-client csi-translation-lib
dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator kube-controller-manager kube-proxy
kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission sample-apiserver sample-cli-plugin
sample-controller"
ETCD_VERSION="${HPK_LAB_ETCD_VERSION:-v3.6.16}"
COREDNS_VERSION="${HPK_LAB_COREDNS_VERSION:-v1.12.4}"
METRICS_SERVER_VERSION="${HPK_LAB_METRICS_SERVER_VERSION:-v0.8.0}"
JOBSET_VERSION="${HPK_LAB_JOBSET_VERSION:-v0.10.1}"
# The Go module proxy serves v1.4.3 here; it refuses v1.4.4 and v1.4.5 (403).
APPTAINER_VERSION="${HPK_LAB_APPTAINER_VERSION:-v1.4.3}"

# The lab bridge's network (nodes.sh): the login node, where the control plane runs, is its first address.
LAB_NET_PREFIX=10.250.0
LOGIN_ADDR="$LAB_NET_PREFIX.1"
# Where the control plane serves the lab network: the login node, or the node of a Slurm job that runs it
# (deploy/slurm/hpk.sbatch). Its CoreDNS listens on CLUSTER_DNS_PORT there; nodes.sh forwards port 53 to it.
CP_ADDR="${HPK_LAB_CP_ADDR:-$LOGIN_ADDR}"
CLUSTER_DNS_PORT=1053

LAB_BIN="$HPK_CACHE/bin"
# What each compute node sees as its own (hosts file, CNI configuration): slurm.sh binds the node's
# $LAB_STATE/nodes/<node> there. deploy/lab/pod-network, installed on its own, repeats the path.
NODE_LOCAL_DIR=/var/lib/hpk-node
KUBECTL="${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# write_if_changed FILE [MODE]: replaces FILE with stdin, atomically and with MODE (default 0644), only when
# the content differs, so FILE's mtime, and whatever watches it, moves only on a real change. Returns 0 when
# FILE was written, 1 when it already held this content; failing to write ends the script. Feed it with
# `< <(cmd)` rather than a pipe, so that failure ends the script and not only the pipe's subshell.
write_if_changed() {
  local file=$1 mode=${2:-0644} tmp
  tmp=$(mktemp "$file.XXXXXX") || die "cannot create a file next to $file"
  if ! cat > "$tmp"; then rm -f "$tmp"; die "cannot write $tmp"; fi
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 1; fi
  if ! { chmod "$mode" "$tmp" && mv -f "$tmp" "$file"; }; then rm -f "$tmp"; die "cannot replace $file"; fi
}

if ((EUID == 0)); then
  mkdir -p "$HPK_CACHE" "$LAB_BIN" "$LAB_STATE" "$LAB_LOGS" "$LAB_PIDS"
  if id "$HPC_USER" >/dev/null 2>&1 && [[ $(stat -c %U "$LAB_STATE") != "$HPC_USER" ]]; then
    chown "$HPC_USER:" "$LAB_STATE"
  fi
else
  mkdir -p "$LAB_LOGS" "$LAB_PIDS" || die "$LAB_STATE is not writable by $(id -un): run 'lab.sh up' as root once"
fi

# The HPC user: an ordinary account with subordinate uid/gid ranges (useradd adds them), owning the user's
# state and a Maven cache outside the repository (make drops to this user for builds and tests).
ensure_hpc_user() {
  id "$HPC_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$HPC_USER"
  grep -q "^$HPC_USER:" /etc/subuid || die "$HPC_USER has no /etc/subuid range"
  chown "$HPC_USER:" "$LAB_STATE"
  install -d -o "$HPC_USER" -g "$HPC_USER" "$HPK_CACHE/m2" "$HPK_CACHE/controlplane"
}

# as_user CMD...: runs CMD as the HPC user (directly when that is who runs the lab).
as_user() {
  if ((EUID == 0)); then runuser -u "$HPC_USER" -- "$@"; else "$@"; fi
}

# require_user: the user part of the lab never runs as root.
require_user() {
  ((EUID != 0)) || die "$(basename "$0") ${1:-start} runs as the HPC user: 'runuser -u $HPC_USER -- $0 ${1:-start}' (lab.sh does)"
}

# A daemon keeps no descriptor of whoever started it but its log: one started under `flock LOCK make ...`
# would otherwise hold that lock for as long as it runs (the lab's control plane once held the e2e lock).
close_inherited_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# start_daemon NAME CMD...: runs CMD in the background, records its pid, logs to $LAB_LOGS/NAME.log.
# DAEMON_PROGRAM names the program that ends up running when CMD execs another (nsenter ... slurmd).
start_daemon() {
  local name=$1; shift
  if daemon_running "$name"; then log "$name already running (pid $(head -1 "$LAB_PIDS/$name.pid"))"; return 0; fi
  log "starting $name (log: $LAB_LOGS/$name.log)"
  (close_inherited_fds; exec setsid "$@") >>"$LAB_LOGS/$name.log" 2>&1 < /dev/null &
  # The program is recorded beside the pid: after a reboot a pid may belong to something else.
  local pid=$! i
  printf '%s\n%s\n' "$pid" "${DAEMON_PROGRAM:-$(basename "$1")}" > "$LAB_PIDS/$name.pid"
  # Until setsid has exec'd the program its cmdline is still the shell's, and daemon_running would
  # call a starting daemon dead: wait for the exec (or the exit) before anyone asks.
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    daemon_running "$name" && break
    sleep 0.05
  done
}

daemon_running() {
  local pidfile="$LAB_PIDS/$1.pid" pid program
  [[ -f $pidfile ]] || return 1
  pid=$(sed -n 1p "$pidfile"); program=$(sed -n 2p "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -z $program ]] || tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -1 | grep -qF "$program"
}

# stop_daemon NAME [SECONDS]: TERM the recorded pid, KILL after SECONDS (10). Only processes the lab started
# are touched.
stop_daemon() {
  local pidfile="$LAB_PIDS/$1.pid" pid secs=${2:-10}
  [[ -f $pidfile ]] || return 0
  pid=$(sed -n 1p "$pidfile")
  if daemon_running "$1"; then
    log "stopping $1 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((secs * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# wait_for DESCRIPTION SECONDS CMD...: polls CMD until it succeeds.
wait_for() {
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "timed out after ${secs}s waiting for $what"
}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "apt-get install ${missing[*]}"
  if [[ ! -f /var/lib/apt/periodic/hpk-updated ]]; then
    apt-get update -qq && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/hpk-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
