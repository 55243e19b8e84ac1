#!/usr/bin/env bash
# Local OCI registry on 127.0.0.1:5000 (Debian's docker-registry, no auth) holding the lab's own test images,
# built from Debian's busybox-static with umoci and pushed with skopeo:
#   localhost:5000/busybox:1.35 (also :latest), cmd ["sh"], PATH=/bin:/usr/bin:/sbin:/usr/sbin
#   localhost:5000/kubectl:1.33, the same with the lab's kubectl as /bin/kubectl (for in-cluster clients)
#   localhost:5000/openmpi:4.1.4, the kubectl image plus Debian's Open MPI runtime (openmpi-image.sh)
# The registry is the HPC user's (start/stop/status as that user); install is root's: packages, the registry
# policy in /etc/containers, the image built into the cache.
# Usage: registry.sh install|start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/openmpi-image.sh"

REGISTRY_ADDR=127.0.0.1:5000
REGISTRY_DIR="$LAB_STATE/registry"
REGISTRY_CONFIG="$REGISTRY_DIR/config.yml"
BUSYBOX_TAG=1.35
BUSYBOX_LAYOUT="$HPK_CACHE/images/busybox-$BUSYBOX_TAG"
KUBECTL_TAG=1.33
KUBECTL_LAYOUT="$HPK_CACHE/images/kubectl-$KUBECTL_TAG"

write_config() {
  mkdir -p "$REGISTRY_DIR/data"
  cat > "$REGISTRY_CONFIG" <<EOF
version: 0.1
log:
  level: warn
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
  # Fixed so that the registry does not warn about a random one; it only signs upload state, on loopback.
  secret: hpk-lab-loopback-only
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

# Apptainer (through containers/image) and skopeo then talk plain http to the lab registry without flags.
write_insecure_registry_conf() {
  mkdir -p /etc/containers/registries.conf.d
  cat > /etc/containers/registries.conf.d/50-hpk-lab.conf <<EOF
# Written by deploy/lab/registry.sh: the lab registry speaks plain http on loopback.
[[registry]]
location = "localhost:5000"
insecure = true

[[registry]]
location = "$REGISTRY_ADDR"
insecure = true
EOF
}

# The package's own init.d service listens on :5000 with htpasswd auth; it must never hold the port.
disable_packaged_service() {
  [[ -x /etc/init.d/docker-registry ]] || return 0
  local pid
  pid=$(cat /var/run/docker-registry.pid 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then service docker-registry stop >/dev/null 2>&1 || true; fi
  if ls /etc/rc[2-5].d/S*docker-registry >/dev/null 2>&1; then
    update-rc.d docker-registry disable >/dev/null 2>&1 || true
  fi
}

busybox_version() { dpkg-query -W -f '${Version}' busybox-static; }

# make_rootfs DIR: busybox with every applet at its usual path, minimal passwd/group.
make_rootfs() {
  local root=$1 applet
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,var,proc,sys,dev,run}
  install -d -m 1777 "$root/tmp"
  install -m 0755 /bin/busybox "$root/bin/busybox"
  while read -r applet; do
    [[ -e $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
  done < <(/bin/busybox --list-full)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  # Empty targets for the files runtimes bind in.
  touch "$root/etc/hosts" "$root/etc/resolv.conf"
}

# build_layout LAYOUT TAG STAMP [FILE:PATH]...: a busybox image with extra executables at PATH in its
# root (a directory FILE is copied with what it holds onto PATH), built again only when STAMP (what it
# is made of) changes.
build_layout() {
  local layout=$1 tag=$2 stamp=$3 tmp file
  shift 3
  [[ $(cat "$layout/.stamp" 2>/dev/null) == "$stamp" ]] && return 0
  log "building OCI image $(basename "$layout") from $stamp"
  tmp=$(mktemp -d)
  rm -rf "$layout"
  mkdir -p "$(dirname "$layout")"
  umoci init --layout "$layout"
  umoci new --image "$layout:$tag"
  umoci unpack --image "$layout:$tag" "$tmp/bundle" >/dev/null
  make_rootfs "$tmp/bundle/rootfs"
  for file in "$@"; do
    if [[ -d ${file%%:*} ]]; then
      cp -a "${file%%:*}/." "$tmp/bundle/rootfs/${file#*:}"
    else
      install -D -m 0755 "${file%%:*}" "$tmp/bundle/rootfs/${file#*:}"
    fi
  done
  umoci repack --image "$layout:$tag" "$tmp/bundle"
  umoci config --image "$layout:$tag" --config.cmd sh --config.workingdir / \
    --config.env PATH=/bin:/usr/bin:/sbin:/usr/sbin
  umoci gc --layout "$layout"
  rm -rf "$tmp"
  echo "$stamp" > "$layout/.stamp"
}

build_image() {
  build_layout "$BUSYBOX_LAYOUT" "$BUSYBOX_TAG" "busybox-static $(busybox_version)"
  [[ -x $KUBECTL ]] || die "$KUBECTL missing: the kubectl image needs it"
  build_layout "$KUBECTL_LAYOUT" "$KUBECTL_TAG" \
    "busybox-static $(busybox_version), kubectl $(sha256sum "$KUBECTL" | cut -c1-16)" "$KUBECTL:bin/kubectl"
  build_openmpi_image
}

registry_up() { curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }

# layout_digest LAYOUT:TAG: the digest of the manifest the layout holds for TAG.
layout_digest() {
  jq -r --arg tag "${1##*:}" \
    '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $tag) | .digest' \
    "${1%:*}/index.json"
}

# registry_digest NAME TAG: the digest the registry serves for NAME:TAG, empty when it has none.
registry_digest() {
  curl -fsSI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY_ADDR/v2/$1/manifests/$2" 2>/dev/null |
    tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" {print $2}'
}

# push_tag LAYOUT:TAG NAME:TAG, unless the registry has that very manifest already (a layout built
# again from changed sources is pushed again under its tag).
push_tag() {
  [[ $(registry_digest "${2%%:*}" "${2#*:}") == "$(layout_digest "$1")" ]] && return 0
  log "pushing localhost:5000/$2"
  skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$1" "docker://localhost:5000/$2"
}

push_image() {
  push_tag "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" "busybox:$BUSYBOX_TAG"
  push_tag "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" busybox:latest
  push_tag "$KUBECTL_LAYOUT:$KUBECTL_TAG" "kubectl:$KUBECTL_TAG"
  push_tag "$OPENMPI_LAYOUT:$OPENMPI_TAG" "openmpi:$OPENMPI_TAG"
}

cmd_install() {
  apt_install docker-registry busybox-static umoci skopeo golang-github-containers-common libgpgme11 curl jq
  openmpi_install_packages
  disable_packaged_service
  write_insecure_registry_conf
  build_image
  # umoci writes the layout for its owner only; the registry's user pushes it.
  chmod -R a+rX "$BUSYBOX_LAYOUT" "$KUBECTL_LAYOUT" "$OPENMPI_LAYOUT"
  log "registry installed (image layout $BUSYBOX_LAYOUT)"
}

cmd_start() {
  require_user start
  local layout
  for layout in "$BUSYBOX_LAYOUT" "$KUBECTL_LAYOUT" "$OPENMPI_LAYOUT"; do
    [[ -d $layout ]] || die "$layout missing: run '$0 install' as root first"
  done
  write_config
  if ! daemon_running registry && registry_up; then die "something else answers on $REGISTRY_ADDR"; fi
  start_daemon registry /usr/bin/docker-registry serve "$REGISTRY_CONFIG"
  wait_for "registry on $REGISTRY_ADDR" 20 registry_up
  push_image
  log "registry up: http://$REGISTRY_ADDR, images: localhost:5000/busybox:$BUSYBOX_TAG," \
    "localhost:5000/kubectl:$KUBECTL_TAG, localhost:5000/openmpi:$OPENMPI_TAG"
}

cmd_status() {
  if daemon_running registry; then
    echo "registry  running (pid $(head -1 "$LAB_PIDS/registry.pid"), http://$REGISTRY_ADDR, log $LAB_LOGS/registry.log)"
    echo "busybox tags: $(curl -fsS "http://$REGISTRY_ADDR/v2/busybox/tags/list" 2>/dev/null || echo none)"
  else
    echo "registry  stopped (log $LAB_LOGS/registry.log)"
  fi
  echo "config:   $REGISTRY_CONFIG"
  echo "layouts:  $BUSYBOX_LAYOUT ($(cat "$BUSYBOX_LAYOUT/.stamp" 2>/dev/null || echo not built))"
  echo "          $KUBECTL_LAYOUT ($(cat "$KUBECTL_LAYOUT/.stamp" 2>/dev/null || echo not built))"
  echo "          $OPENMPI_LAYOUT ($(cat "$OPENMPI_LAYOUT/.stamp" 2>/dev/null || echo not built))"
}

# Sourced (deploy/conformance/images.sh), it only defines the functions.
[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) require_user stop; stop_daemon registry ;;
  status) cmd_status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
