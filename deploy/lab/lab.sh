#!/usr/bin/env bash
# The local lab: a small HPC cluster on one machine. A login node (this host's namespace) with the Kubernetes
# control plane and an OCI registry; compute nodes c1..c3 (slurmd in network namespaces) running Apptainer with
# a pod network routed across them. `lab.sh help` lists the verbs.
source "$(dirname "$0")/lib.sh"

# What the site admin runs (root), then what the HPC user runs (their own processes, nothing as root).
SITE_COMPONENTS=(nodes slurm apptainer sitedns)
USER_COMPONENTS=(registry controlplane metrics jobset)

usage() {
  cat <<EOF
Usage: lab.sh VERB
  lab.sh up [COMPONENT...]    install what is missing and start (default: all, in order:
                              ${SITE_COMPONENTS[*]} ${USER_COMPONENTS[*]})
  lab.sh down [--purge]       stop what the lab started; --purge also removes its state
  lab.sh status               what runs, and where its logs are
  lab.sh env                  shell exports for kubectl against the lab
  lab.sh user                 (root) create the HPC user and give it this checkout (make does this first)
  lab.sh help                 this text
Run as root, it does the site admin's part as root and the HPC user's part as that user ($HPC_USER);
run as the HPC user, only the user's part (the site's must be up).
EOF
}

is_site() { [[ " ${SITE_COMPONENTS[*]} " == *" $1 "* ]]; }

# The HPC user builds and tests from this checkout: root's checkout gets an ACL for the user, so files
# stay root's and what the user writes (target/) is the user's.
grant_checkout() {
  local checkout
  checkout=$(cd "$LAB_ROOT/../.." && pwd)
  apt_install acl
  setfacl -R -m "u:$HPC_USER:rwX" -m "d:u:$HPC_USER:rwX" "$checkout"
  local dir=$checkout
  while [[ $dir != / ]]; do
    dir=$(dirname "$dir")
    runuser -u "$HPC_USER" -- test -x "$dir" || setfacl -m "u:$HPC_USER:x" "$dir"
  done
}

prepare_user() {
  ensure_hpc_user
  grant_checkout
  # The unit tests lint HPK's bash (job scripts, site check, these scripts) with it.
  apt_install shellcheck
  # StatusPageIT renders HPK's status page in a real headless browser.
  apt_install chromium
}

up_component() {
  local c=$1
  if is_site "$c"; then
    if ((EUID != 0)); then
      [[ $c != slurm ]] || scontrol ping >/dev/null 2>&1 || die "Slurm is not up: the site's part needs root (sudo $0 up)"
      return 0
    fi
    "$LAB_ROOT/$c.sh" install
    "$LAB_ROOT/$c.sh" start
  else
    # install puts packages and binaries in place (root); the user's state is made by start.
    ((EUID == 0)) && "$LAB_ROOT/$c.sh" install
    as_user "$LAB_ROOT/$c.sh" start
  fi
}

up() {
  local components=("$@") started=$SECONDS
  ((EUID == 0)) && prepare_user
  [[ ${#components[@]} -gt 0 ]] || components=("${SITE_COMPONENTS[@]}" "${USER_COMPONENTS[@]}")
  local i n=${#components[@]}
  for i in "${!components[@]}"; do
    log "[$((i + 1))/$n] ${components[i]}"
    up_component "${components[i]}"
  done
  log "lab up in $((SECONDS - started))s; kubeconfig: $LAB_STATE/admin.kubeconfig (user $HPC_USER)"
}

down() {
  local i
  for ((i = ${#USER_COMPONENTS[@]} - 1; i >= 0; i--)); do as_user "$LAB_ROOT/${USER_COMPONENTS[i]}.sh" stop || true; done
  ((EUID == 0)) || return 0
  for ((i = ${#SITE_COMPONENTS[@]} - 1; i >= 0; i--)); do "$LAB_ROOT/${SITE_COMPONENTS[i]}.sh" stop || true; done
  if [[ ${1:-} == --purge ]]; then
    "$LAB_ROOT/nodes.sh" purge
    log "removing $LAB_STATE and $SITE_STATE"
    rm -rf "$LAB_STATE" "$SITE_STATE"
  fi
}

status() {
  if ((EUID == 0)); then for c in "${SITE_COMPONENTS[@]}"; do "$LAB_ROOT/$c.sh" status || true; done; fi
  for c in "${USER_COMPONENTS[@]}"; do as_user "$LAB_ROOT/$c.sh" status || true; done
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) status ;;
  user) ((EUID == 0)) || die "lab.sh user needs root"; prepare_user ;;
  env)
    echo "export KUBECONFIG=$LAB_STATE/admin.kubeconfig"
    echo "alias kubectl=$KUBECTL"
    ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
