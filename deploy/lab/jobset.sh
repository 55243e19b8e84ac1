#!/usr/bin/env bash
# JobSet (sigs.k8s.io/jobset), an operator HPC users run, ready for the lab's users to deploy as any
# cluster user would: its manager built from its Go module into an image in the lab registry
# (localhost:5000/jobset:$JOBSET_VERSION) and its own kustomize manifests rendered with that image into
# $JOBSET_MANIFEST. Deploying it is the user's step (`kubectl apply --server-side -f $JOBSET_MANIFEST`,
# e2e JobSetIT): its controller then runs as a pod, that is as a Slurm job.
# Usage: jobset.sh install|start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

JOBSET_BIN="$LAB_BIN/jobset-$JOBSET_VERSION"
JOBSET_LAYOUT="$HPK_CACHE/images/jobset-$JOBSET_VERSION"
JOBSET_MANIFEST="$HPK_CACHE/jobset-$JOBSET_VERSION/jobset.yaml"

render_manifest() {
  local module
  module="$(go env GOMODCACHE)/sigs.k8s.io/jobset@$JOBSET_VERSION"
  [[ -d $module/config/default ]] || die "$module/config/default missing: the jobset build fetches it"
  mkdir -p "$(dirname "$JOBSET_MANIFEST")"
  "$KUBECTL" kustomize "$module/config/default" \
    | sed -E "s|^( *image: ).*/jobset:$JOBSET_VERSION\$|\1localhost:5000/jobset:$JOBSET_VERSION|" \
    > "$JOBSET_MANIFEST.tmp"
  grep -q "image: localhost:5000/jobset:$JOBSET_VERSION" "$JOBSET_MANIFEST.tmp" \
    || die "the jobset manifest names no manager image to replace"
  chmod 0644 "$JOBSET_MANIFEST.tmp"
  mv "$JOBSET_MANIFEST.tmp" "$JOBSET_MANIFEST"
}

cmd_install() {
  "$LAB_ROOT/build-controlplane.sh" jobset
  [[ -x $JOBSET_BIN ]] || die "jobset $JOBSET_VERSION did not build"
  build_layout "$JOBSET_LAYOUT" "$JOBSET_VERSION" \
    "jobset $JOBSET_VERSION $(sha256sum "$JOBSET_BIN" | cut -c1-16)" "$JOBSET_BIN:manager"
  chmod -R a+rX "$JOBSET_LAYOUT"
  render_manifest
  log "jobset $JOBSET_VERSION installed (manifest $JOBSET_MANIFEST)"
}

cmd_start() {
  require_user start
  registry_up || die "the lab registry is not up: start it first (registry.sh start)"
  push_tag "$JOBSET_LAYOUT:$JOBSET_VERSION" "jobset:$JOBSET_VERSION"
  log "jobset image localhost:5000/jobset:$JOBSET_VERSION; deploy with: kubectl apply --server-side -f $JOBSET_MANIFEST"
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) ;;
  status) echo "jobset    manifest $JOBSET_MANIFEST ($([[ -s $JOBSET_MANIFEST ]] && echo ready || echo missing))" ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
