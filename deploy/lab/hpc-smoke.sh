#!/usr/bin/env bash
# End-to-end check of the HPC half of the lab, as the HPC user: a Slurm batch job on each compute node runs a
# busybox "pod" the way HPK does, without root: a sandbox process in its own user and network namespace, which
# the site's pod-network helper attaches to the node's pod network, and Apptainer entered into it. The SIF is
# pulled on the login node beforehand (the registry listens on the login node's loopback, which compute nodes
# do not share). Needs the whole lab up. Exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
require_user
HELPER=/usr/local/libexec/hpk/pod-network

IMAGE=docker://localhost:5000/busybox:1.35
SIF="$LAB_STATE/images/busybox_1.35.sif"
OUT_DIR="$LAB_STATE/smoke"

pull_sif() {
  [[ -s $SIF ]] && return 0
  mkdir -p "$(dirname "$SIF")"
  log "pulling $IMAGE into $SIF"
  apptainer -q pull "$SIF.tmp" "$IMAGE" && mv "$SIF.tmp" "$SIF"
}

# run_job LABEL IMAGE: submits the pod job, waits for it, prints its output and checks it.
run_job() {
  local label=$1 image=$2 out="$OUT_DIR/$1.out" started=$SECONDS rc=0
  rm -f "$out"
  # --time bounds a hung job; sbatch --wait returns once the job has finished.
  sbatch --wait --quiet --time=2 --nodelist="$label" --job-name="hpk-smoke-$label" --output="$out" <<EOF || rc=$?
#!/bin/bash
unshare --map-root-user --map-auto --net sleep 60 & sandbox=\$!
sleep 0.5
sudo -n $HELPER add smoke-\$SLURM_JOB_ID \$sandbox > /dev/null
nsenter --preserve-credentials --user --net -t \$sandbox -- \\
  apptainer exec "$image" sh -c 'echo hello-from-pod; ip -4 -o addr show eth0'
sudo -n $HELPER del smoke-\$SLURM_JOB_ID
kill \$sandbox
EOF
  echo "--- $label ($image): sbatch exit $rc after $((SECONDS - started))s"
  cat "$out" 2>/dev/null || true
  grep -q hello-from-pod "$out" 2>/dev/null || { log "$label: no hello-from-pod"; return 1; }
  grep -qE 'inet 10\.244\.[0-9]+\.[0-9]+/' "$out" || { log "$label: no 10.244.x.y address"; return 1; }
}

command -v apptainer >/dev/null || die "apptainer not installed: run apptainer.sh install"
sinfo -h >/dev/null 2>&1 || die "slurm not running: run slurm.sh start"
curl -fsS http://127.0.0.1:5000/v2/ >/dev/null || die "registry not running: run registry.sh start"
mkdir -p "$OUT_DIR"
pull_sif
failed=0
for node in $("$LAB_ROOT/nodes.sh" names); do run_job "$node" "$SIF" || failed=1; done
(( failed == 0 )) || die "hpc smoke test FAILED"
log "hpc smoke test passed"
