#!/usr/bin/env bash
# The local lab: a small HPC cluster on one machine. A login node (this host's namespace) with the Kubernetes
# control plane and an OCI registry; compute nodes c1..c3 (slurmd in network namespaces) running Apptainer with
# a pod network routed across them.
#   lab.sh up [COMPONENT...]    install what is missing and start (default: all, in order)
#   lab.sh down [--purge]       stop what the lab started; --purge also removes its state
#   lab.sh status               what runs, and where its logs are
#   lab.sh env                  shell exports for kubectl against the lab
source "$(dirname "$0")/lib.sh"

COMPONENTS=(nodes slurm registry apptainer sitedns controlplane metrics)

up() {
  local components=("$@") started=$SECONDS
  [[ ${#components[@]} -gt 0 ]] || components=("${COMPONENTS[@]}")
  for c in "${components[@]}"; do
    "$LAB_ROOT/$c.sh" install
    "$LAB_ROOT/$c.sh" start
  done
  log "lab up in $((SECONDS - started))s; kubeconfig: $LAB_STATE/admin.kubeconfig"
}

down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do "$LAB_ROOT/${COMPONENTS[i]}.sh" stop || true; done
  if [[ ${1:-} == --purge ]]; then
    "$LAB_ROOT/nodes.sh" purge
    log "removing $LAB_STATE"
    rm -rf "$LAB_STATE"
  fi
}

status() {
  for c in "${COMPONENTS[@]}"; do "$LAB_ROOT/$c.sh" status || true; done
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) status ;;
  env)
    echo "export KUBECONFIG=$LAB_STATE/admin.kubeconfig"
    echo "alias kubectl=$KUBECTL"
    ;;
  *) sed -n '2,6p' "$0" >&2; exit 2 ;;
esac
