#!/usr/bin/env bash
# Single-node Slurm (Debian's slurm-wlm 22.05) run as root without systemd: munged, slurmctld, slurmd.
# /etc/slurm/slurm.conf is the default path, so plain sbatch/squeue/sinfo/scontrol need no environment.
# Usage: slurm.sh install|start|stop|status
source "$(dirname "$0")/lib.sh"

SLURM_CONF=/etc/slurm/slurm.conf
CGROUP_CONF=/etc/slurm/cgroup.conf
SLURM_STATE="$LAB_STATE/slurm"
SLURM_NODE=hpk-node
# More CPUs than the machine has, so many small pods run at once (SlurmdParameters=config_overrides).
SLURM_CPUS=16

# write_if_changed FILE: replaces FILE with stdin only when the content differs; returns 1 when unchanged.
write_if_changed() {
  local file=$1 tmp
  tmp=$(mktemp)
  cat > "$tmp"
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 1; fi
  mv "$tmp" "$file"
  chmod 0644 "$file"
}

# Slurm 22.05's cgroup/v2 plugin needs systemd (IgnoreSystemd only came in 23.02), so cgroups are used only
# where the v1 hierarchy with a freezer is mounted (hybrid hosts like this one); elsewhere linuxproc.
cgroup_v1_usable() {
  [[ $(stat -fc %T /sys/fs/cgroup 2>/dev/null) == tmpfs && -d /sys/fs/cgroup/freezer ]]
}

real_memory_mb() {
  local total
  total=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  # Headroom for the control plane and the JVMs that run beside Slurm.
  echo $(( total > 4096 ? total - 2048 : total / 2 ))
}

slurm_conf() {
  local proctrack=proctrack/linuxproc task=task/none
  if cgroup_v1_usable; then proctrack=proctrack/cgroup; task=task/cgroup; fi
  cat <<EOF
# Written by deploy/lab/slurm.sh; rewritten by its install verb.
ClusterName=hpk-lab
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$SLURM_STATE/state
SlurmdSpoolDir=$SLURM_STATE/spool
SlurmctldPidFile=$SLURM_STATE/slurmctld.pid
SlurmdPidFile=$SLURM_STATE/slurmd.pid
# slurmstepd logs only to SlurmdLogFile (there is no syslog here); slurmctld logs to stdout under -D.
SlurmdLogFile=$LAB_LOGS/slurmd.log
MpiDefault=none
SwitchType=switch/none
ProctrackType=$proctrack
TaskPlugin=$task
JobAcctGatherType=jobacct_gather/linux
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$SLURM_STATE/jobcomp.txt
ReturnToService=2
MinJobAge=300
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,default_queue_depth=1000,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a per-CPU default every job claims the whole node's memory and jobs run one at a time.
DefMemPerCPU=100
SlurmdParameters=config_overrides
NodeName=$SLURM_NODE NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$SLURM_CPUS RealMemory=$(real_memory_mb) State=UNKNOWN
PartitionName=debug Nodes=$SLURM_NODE Default=YES MaxTime=INFINITE State=UP
PartitionName=batch Nodes=$SLURM_NODE MaxTime=INFINITE State=UP
EOF
}

# Tracking only: no constraint, since 16 declared CPUs do not exist and DefMemPerCPU is for scheduling.
cgroup_conf() {
  cat <<EOF
# Written by deploy/lab/slurm.sh.
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainSwapSpace=no
ConstrainDevices=no
EOF
}

cmd_install() {
  apt_install slurm-wlm munge slurmrestd
  mkdir -p "$SLURM_STATE/state" "$SLURM_STATE/spool" /etc/slurm
  local changed=0
  slurm_conf | write_if_changed "$SLURM_CONF" && changed=1
  cgroup_conf | write_if_changed "$CGROUP_CONF" && changed=1
  if (( changed )) && daemon_running slurmctld; then log "slurm config changed: run '$0 stop; $0 start'"; fi
  [[ -s /etc/munge/munge.key ]] || mungekey -c -f -k /etc/munge/munge.key
  log "slurm installed ($SLURM_CONF)"
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if daemon_running munged; then return 0; fi
  if munge_works; then log "munged already running (not started by the lab): using it"; return 0; fi
  [[ -s /etc/munge/munge.key ]] || mungekey -c -f -k /etc/munge/munge.key
  mkdir -p /run/munge
  # --force: as root munged otherwise refuses a key owned by the munge user.
  start_daemon munged /usr/sbin/munged -F --force
  wait_for "munged" 10 munge_works
}

node_state() { sinfo -h -n "$SLURM_NODE" -o %T 2>/dev/null | head -1; }

node_idle() {
  local state
  state=$(node_state)
  [[ $state == idle || $state == mixed || $state == allocated ]]
}

# A node left down/drained by an earlier unclean stop is resumed.
wait_node_idle() {
  for _ in $(seq 1 60); do
    node_idle && return 0
    case $(node_state) in
      down*|drain*|fail*) scontrol update nodename="$SLURM_NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $SLURM_NODE not idle after 30s (state: $(node_state)); see $LAB_LOGS/slurmctld.log, $LAB_LOGS/slurmd.log"
}

cmd_start() {
  [[ -f $SLURM_CONF ]] || die "$SLURM_CONF missing: run '$0 install' first"
  start_munge
  start_daemon slurmctld /usr/sbin/slurmctld -f "$SLURM_CONF" -D -i
  wait_for "slurmctld" 30 scontrol ping
  start_daemon slurmd /usr/sbin/slurmd -f "$SLURM_CONF" -D -N "$SLURM_NODE"
  wait_node_idle
  log "slurm up: node $SLURM_NODE $(node_state), partitions $(sinfo -h -o %R | sort -u | tr '\n' ' ')"
}

# Jobs go first: with slurmd gone, slurmstepd keeps retrying and ignores SIGTERM (LAB-NOTES.md §7).
cancel_jobs() {
  daemon_running slurmctld || return 0
  local jobs
  jobs=$(squeue -h -o %i 2>/dev/null || true)
  [[ -z $jobs ]] && return 0
  log "cancelling $(wc -w <<<"$jobs") job(s)"
  # shellcheck disable=SC2086
  scancel $jobs 2>/dev/null || true
  for _ in $(seq 1 400); do
    [[ -z $(squeue -h -t running,completing,pending -o %i 2>/dev/null) ]] && return 0
    sleep 0.1
  done
  log "some jobs still completing after 40s"
}

cmd_stop() {
  cancel_jobs
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
}

cmd_status() {
  local d
  for d in munged slurmctld slurmd; do
    if daemon_running "$d"; then
      printf '%-10s running (pid %s, log %s)\n' "$d" "$(head -1 "$LAB_PIDS/$d.pid")" "$LAB_LOGS/$d.log"
    else
      printf '%-10s stopped (log %s)\n' "$d" "$LAB_LOGS/$d.log"
    fi
  done
  echo "config:    $SLURM_CONF"
  echo "jobcomp:   $SLURM_STATE/jobcomp.txt"
  if daemon_running slurmctld; then sinfo -o '%P %a %D %T %c %m' 2>/dev/null || true; fi
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
