#!/usr/bin/env bash
# Local OCI registry on 127.0.0.1:5000 (Debian's docker-registry, no auth) holding the lab's own test images,
# built from Debian's busybox-static with umoci and pushed with skopeo:
#   localhost:5000/busybox:1.35 (also :latest), cmd ["sh"], PATH=/bin:/usr/bin:/sbin:/usr/sbin
# The registry is the HPC user's (start/stop/status as that user); install is root's: packages, the registry
# policy in /etc/containers, the image built into the cache.
# Usage: registry.sh install|start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REGISTRY_ADDR=127.0.0.1:5000
REGISTRY_DIR="$LAB_STATE/registry"
REGISTRY_CONFIG="$REGISTRY_DIR/config.yml"
BUSYBOX_TAG=1.35
BUSYBOX_LAYOUT="$HPK_CACHE/images/busybox-$BUSYBOX_TAG"

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

build_image() {
  local version tmp
  version=$(busybox_version)
  [[ $(cat "$BUSYBOX_LAYOUT/.busybox-version" 2>/dev/null) == "$version" ]] && return 0
  log "building OCI image busybox:$BUSYBOX_TAG from busybox-static $version"
  tmp=$(mktemp -d)
  rm -rf "$BUSYBOX_LAYOUT"
  mkdir -p "$(dirname "$BUSYBOX_LAYOUT")"
  umoci init --layout "$BUSYBOX_LAYOUT"
  umoci new --image "$BUSYBOX_LAYOUT:$BUSYBOX_TAG"
  umoci unpack --image "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" "$tmp/bundle" >/dev/null
  make_rootfs "$tmp/bundle/rootfs"
  umoci repack --image "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" "$tmp/bundle"
  umoci config --image "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" --config.cmd sh --config.workingdir / \
    --config.env PATH=/bin:/usr/bin:/sbin:/usr/sbin
  umoci gc --layout "$BUSYBOX_LAYOUT"
  rm -rf "$tmp"
  echo "$version" > "$BUSYBOX_LAYOUT/.busybox-version"
}

registry_up() { curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }

has_tag() {
  curl -fsS "http://$REGISTRY_ADDR/v2/$1/tags/list" 2>/dev/null | grep -q "\"$2\""
}

push_image() {
  local tag
  for tag in "$BUSYBOX_TAG" latest; do
    has_tag busybox "$tag" && continue
    log "pushing localhost:5000/busybox:$tag"
    skopeo copy -q --insecure-policy --dest-tls-verify=false \
      "oci:$BUSYBOX_LAYOUT:$BUSYBOX_TAG" "docker://localhost:5000/busybox:$tag"
  done
}

cmd_install() {
  apt_install docker-registry busybox-static umoci skopeo golang-github-containers-common libgpgme11 curl
  disable_packaged_service
  write_insecure_registry_conf
  build_image
  # umoci writes the layout for its owner only; the registry's user pushes it.
  chmod -R a+rX "$BUSYBOX_LAYOUT"
  log "registry installed (image layout $BUSYBOX_LAYOUT)"
}

cmd_start() {
  require_user start
  [[ -d $BUSYBOX_LAYOUT ]] || die "$BUSYBOX_LAYOUT missing: run '$0 install' as root first"
  write_config
  if ! daemon_running registry && registry_up; then die "something else answers on $REGISTRY_ADDR"; fi
  start_daemon registry /usr/bin/docker-registry serve "$REGISTRY_CONFIG"
  wait_for "registry on $REGISTRY_ADDR" 20 registry_up
  push_image
  log "registry up: http://$REGISTRY_ADDR, images: localhost:5000/busybox:$BUSYBOX_TAG"
}

cmd_status() {
  if daemon_running registry; then
    echo "registry  running (pid $(head -1 "$LAB_PIDS/registry.pid"), http://$REGISTRY_ADDR, log $LAB_LOGS/registry.log)"
    echo "busybox tags: $(curl -fsS "http://$REGISTRY_ADDR/v2/busybox/tags/list" 2>/dev/null || echo none)"
  else
    echo "registry  stopped (log $LAB_LOGS/registry.log)"
  fi
  echo "config:   $REGISTRY_CONFIG"
  echo "layout:   $BUSYBOX_LAYOUT ($(cat "$BUSYBOX_LAYOUT/.busybox-version" 2>/dev/null || echo not built))"
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
