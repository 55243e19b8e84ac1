#!/usr/bin/env bash
# Slurm (Debian's slurm-wlm 22.05) run as root without systemd, the way a site runs it: munged and slurmctld
# on the login node (this host's namespace, 10.250.0.1), one slurmd per compute node c1..cN, each in its
# node's network namespace (nodes.sh) with its own hostname and mount namespace (LAB-NOTES §10).
# /etc/slurm/slurm.conf is the default path, so plain sbatch/squeue/sinfo/scontrol need no environment.
# Usage: slurm.sh install|start|stop|status|fault (fault: the lab's fault tests, through sudo)
source "$(dirname "$0")/lib.sh"

SLURM_CONF=/etc/slurm/slurm.conf
CGROUP_CONF=/etc/slurm/cgroup.conf
SLURM_STATE="$SITE_STATE/slurm"
NODES_SH="$LAB_ROOT/nodes.sh"
mapfile -t SLURM_NODES < <("$NODES_SH" names)
SLURM_NODE_RANGE="c[1-${#SLURM_NODES[@]}]"
# More CPUs than the machine has, so many small pods run at once (SlurmdParameters=config_overrides).
SLURM_CPUS_PER_NODE=8

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

# Every node reports the whole machine (one kernel) and declares a share of made-up CPUs.
node_lines() {
  local node
  for node in "${SLURM_NODES[@]}"; do
    printf 'NodeName=%s NodeHostname=%s NodeAddr=%s CPUs=%d Sockets=1 CoresPerSocket=%d ThreadsPerCore=1 RealMemory=%d State=UNKNOWN\n' \
      "$node" "$node" "$("$NODES_SH" addr "$node")" "$SLURM_CPUS_PER_NODE" "$SLURM_CPUS_PER_NODE" "$(real_memory_mb)"
  done
}

slurm_conf() {
  local proctrack=proctrack/linuxproc task=task/none
  if cgroup_v1_usable; then proctrack=proctrack/cgroup; task=task/cgroup; fi
  cat <<CONF
# Written by deploy/lab/slurm.sh; rewritten by its install verb.
ClusterName=hpk-lab
SlurmctldHost=$(hostname -s)(10.250.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$SLURM_STATE/state
# Several slurmd on one machine: per-node paths (%n is the node name).
SlurmdSpoolDir=$SLURM_STATE/spool/%n
SlurmctldPidFile=$SLURM_STATE/slurmctld.pid
SlurmdPidFile=$SLURM_STATE/slurmd.%n.pid
# slurmstepd logs only to SlurmdLogFile (there is no syslog here); slurmctld logs to stdout under -D.
SlurmdLogFile=$LAB_LOGS/slurmd.%n.log
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
# A stopped slurmd makes its node DOWN (and its jobs NODE_FAIL) after this long, so the fault tests wait
# under a minute; Slurm's default is 300 s.
SlurmdTimeout=45
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,default_queue_depth=1000,bf_interval=1
SelectType=select/cons_tres
# CR_LLN: a job goes to the least loaded node, so the pods of a Deployment spread over the nodes.
SelectTypeParameters=CR_Core_Memory,CR_LLN
# Without a per-CPU default every job claims the whole node's memory and jobs run one at a time.
DefMemPerCPU=100
SlurmdParameters=config_overrides
$(node_lines)
PartitionName=debug Nodes=$SLURM_NODE_RANGE Default=YES MaxTime=INFINITE State=UP
PartitionName=batch Nodes=$SLURM_NODE_RANGE MaxTime=INFINITE State=UP
CONF
}

# Tracking only: no constraint, since the declared CPUs do not exist and DefMemPerCPU is for scheduling.
cgroup_conf() {
  cat <<CONF
# Written by deploy/lab/slurm.sh.
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainSwapSpace=no
ConstrainDevices=no
CONF
}

# The fault tests (make test, run as the HPC user) stop and start Slurm's daemons as a site's outage would.
# They run a root-owned copy of these scripts, through one sudo rule per allowed command, never the checkout.
FAULT_DIR=/usr/local/libexec/hpk-lab

install_fault_hook() {
  local f node rules=()
  install -d -o root -g root -m 0755 "$FAULT_DIR"
  for f in lib.sh nodes.sh slurm.sh; do install -o root -g root -m 0755 "$LAB_ROOT/$f" "$FAULT_DIR/$f"; done
  for f in stop start; do
    rules+=("$FAULT_DIR/slurm.sh fault $f slurmctld")
    for node in "${SLURM_NODES[@]}"; do rules+=("$FAULT_DIR/slurm.sh fault $f slurmd $node"); done
  done
  {
    printf '# Written by deploy/lab/slurm.sh: the lab'"'"'s fault tests stop and start Slurm daemons.\n'
    printf '%s ALL=(root) NOPASSWD: %s\n' "$HPC_USER" "$(IFS=,; echo "${rules[*]}" | sed 's/,/, /g')"
  } > /etc/sudoers.d/hpk-lab-faults.tmp
  chmod 0440 /etc/sudoers.d/hpk-lab-faults.tmp
  visudo -cqf /etc/sudoers.d/hpk-lab-faults.tmp || die "invalid sudoers rule for the fault hook"
  mv /etc/sudoers.d/hpk-lab-faults.tmp /etc/sudoers.d/hpk-lab-faults
}

# fault stop|start slurmctld | fault stop|start slurmd NODE
cmd_fault() {
  local action=${1:-} daemon=${2:-} node=${3:-}
  case $action/$daemon in
    stop/slurmctld) stop_daemon slurmctld ;;
    start/slurmctld) start_daemon slurmctld /usr/sbin/slurmctld -f "$SLURM_CONF" -D -i; wait_for "slurmctld" 30 scontrol ping ;;
    stop/slurmd|start/slurmd)
      [[ " ${SLURM_NODES[*]} " == *" $node "* ]] || die "no compute node '$node'"
      if [[ $action == stop ]]; then stop_daemon "slurmd-$node"; else start_slurmd "$node"; wait_node_idle "$node"; fi ;;
    *) die "usage: $0 fault stop|start slurmctld | fault stop|start slurmd NODE" ;;
  esac
}

cmd_install() {
  apt_install slurm-wlm munge slurmrestd
  local node changed=0
  mkdir -p "$SLURM_STATE/state" /etc/slurm
  for node in "${SLURM_NODES[@]}"; do mkdir -p "$SLURM_STATE/spool/$node"; done
  write_if_changed "$SLURM_CONF" < <(slurm_conf) && changed=1
  write_if_changed "$CGROUP_CONF" < <(cgroup_conf) && changed=1
  if (( changed )) && daemon_running slurmctld; then log "slurm config changed: run '$0 stop; $0 start'"; fi
  [[ -s /etc/munge/munge.key ]] || mungekey -c -f -k /etc/munge/munge.key
  install_fault_hook
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

node_state() { sinfo -h -n "$1" -o %T 2>/dev/null | head -1; }

node_idle() {
  local state
  state=$(node_state "$1")
  [[ $state == idle || $state == mixed || $state == allocated ]]
}

# A node left down/drained by an earlier unclean stop is resumed.
wait_node_idle() {
  local node=$1
  for _ in $(seq 1 60); do
    node_idle "$node" && return 0
    case $(node_state "$node") in
      down*|drain*|fail*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $node not idle after 30s (state: $(node_state "$node")); see $LAB_LOGS/slurmctld.log, $LAB_LOGS/slurmd.$node.log"
}

# start_slurmd NODE: slurmd in the node's network namespace, with the node's hostname and a mount namespace
# of its own in which the node's local directory (hosts file, CNI configuration; nodes.sh) is bound.
# nsenter, not `ip netns exec`: that remounts /sys, hides the cgroup mounts, and slurmd aborts (LAB-NOTES §10).
start_slurmd() {
  local node=$1 dir="$SITE_STATE/nodes/$1"
  [[ -e /run/netns/hpk-$node ]] || die "no network namespace hpk-$node: run nodes.sh start first"
  # shellcheck disable=SC2016
  DAEMON_PROGRAM=slurmd start_daemon "slurmd-$node" nsenter --net="/run/netns/hpk-$node" -- \
    unshare --uts --mount --propagation private -- sh -c '
      hostname "$1" && mount --bind "$2/hosts" /etc/hosts && mount --bind "$2" "$4" \
        && exec /usr/sbin/slurmd -D -f "$3" -N "$1"' slurmd-node "$node" "$dir" "$SLURM_CONF" "$NODE_LOCAL_DIR"
}

cmd_start() {
  [[ -f $SLURM_CONF ]] || die "$SLURM_CONF missing: run '$0 install' first"
  start_munge
  start_daemon slurmctld /usr/sbin/slurmctld -f "$SLURM_CONF" -D -i
  wait_for "slurmctld" 30 scontrol ping
  local node
  for node in "${SLURM_NODES[@]}"; do start_slurmd "$node"; done
  for node in "${SLURM_NODES[@]}"; do wait_node_idle "$node"; done
  log "slurm up: $(sinfo -h -N -o '%N=%T' | sort -u | tr '\n' ' ')partitions $(sinfo -h -o %R | sort -u | tr '\n' ' ')"
}

# The lab's jobs go first: with slurmd gone, slurmstepd keeps retrying and ignores SIGTERM (LAB-NOTES.md §7).
# The lab's jobs are the HPC user's: HPK, the site check and the smoke test all submit as $HPC_USER, so
# other users' jobs on a shared Slurm are left alone.
cancel_jobs() {
  daemon_running slurmctld || return 0
  local jobs
  jobs=$(squeue -h -u "$HPC_USER" -o %i 2>/dev/null || true)
  [[ -z $jobs ]] && return 0
  log "cancelling $(wc -w <<<"$jobs") job(s) of $HPC_USER"
  scancel -u "$HPC_USER" 2>/dev/null || true
  for _ in $(seq 1 400); do
    [[ -z $(squeue -h -u "$HPC_USER" -t running,completing,pending -o %i 2>/dev/null) ]] && return 0
    sleep 0.1
  done
  log "some jobs of $HPC_USER still completing after 40s"
}

cmd_stop() {
  local node
  cancel_jobs
  for node in "${SLURM_NODES[@]}"; do stop_daemon "slurmd-$node"; done
  stop_daemon slurmctld
  stop_daemon munged
}

cmd_status() {
  local d
  for d in munged slurmctld "${SLURM_NODES[@]/#/slurmd-}"; do
    if daemon_running "$d"; then
      printf '%-10s running (pid %s, log %s)\n' "$d" "$(head -1 "$LAB_PIDS/$d.pid")" "$LAB_LOGS/$d.log"
    else
      printf '%-10s stopped (log %s)\n' "$d" "$LAB_LOGS/$d.log"
    fi
  done
  echo "config:    $SLURM_CONF"
  echo "jobcomp:   $SLURM_STATE/jobcomp.txt"
  if daemon_running slurmctld; then sinfo -N -o '%N %P %a %T %c %m' 2>/dev/null || true; fi
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  fault) shift; cmd_fault "$@" ;;
  *) die "usage: $0 install|start|stop|status|fault" ;;
esac
