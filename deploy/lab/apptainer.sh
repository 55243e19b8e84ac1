#!/usr/bin/env bash
# Apptainer built from its Go module source into $HPK_CACHE/apptainer-<version>, installed by the site admin
# and run by the HPC user unprivileged (user namespaces; no setuid starter is used). Pods' addresses do not
# come from Apptainer: the pod-network helper (nodes.sh) attaches the sandbox each job holds to the node's
# `hpk-bridge` network in the node-local /var/lib/hpk-node/cni. Apptainer's own CNI path points there too.
# Usage: apptainer.sh install|start|stop|status
#
# Images: docker://localhost:5000/... is fetched over plain http because registry.sh marks localhost:5000 insecure
# in /etc/containers/registries.conf.d (Apptainer's checksum step goes through containers/image, which otherwise
# insists on https: "server gave HTTP response to HTTPS client"); --no-https also works.
# Unprivileged, a SIF is mounted with squashfuse where /dev/fuse is open to users; this machine's is root's
# only (0600), so Apptainer unpacks the SIF into a temporary sandbox at each container start instead.
# APPTAINER_CACHEDIR is left at the user's default (~/.apptainer/cache): every Slurm job would otherwise have
# to carry the variable, and the default is already outside the repository.
source "$(dirname "$0")/lib.sh"

HPK_NETWORK=hpk-bridge
NODE_CNI_DIR="$NODE_LOCAL_DIR/cni"
# The module proxy here refuses some versions (v1.4.4, v1.4.5 answer 403); v1.4.3 is the newest 1.4 it serves.
APPTAINER_FALLBACK_VERSION=v1.4.3

prefix_of() { echo "$HPK_CACHE/apptainer-$1"; }
built() { [[ -x "$(prefix_of "$1")/bin/apptainer" ]]; }

# The version actually in use: the requested one, else the fallback, whichever is built or downloadable.
pick_version() {
  local v
  for v in "$APPTAINER_VERSION" "$APPTAINER_FALLBACK_VERSION"; do
    if built "$v" || module_dir "$v" >/dev/null; then echo "$v"; return 0; fi
    log "Apptainer $v is not available from the module proxy"
  done
  die "no Apptainer version could be downloaded"
}

# module_dir VERSION: downloads the module (sum.golang.org has no record of it here, hence GONOSUMDB) and
# prints its directory in the module cache.
module_dir() {
  local json dir
  json=$(cd "$HPK_CACHE" && GONOSUMDB=github.com/apptainer/apptainer \
    go mod download -json "github.com/apptainer/apptainer@$1" 2>/dev/null) || return 1
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  [[ -n $dir && -d $dir ]] || return 1
  echo "$dir"
}

install_deps() {
  apt_install build-essential pkg-config libseccomp-dev libsubid-dev uidmap fakeroot squashfs-tools \
    cryptsetup-bin containernetworking-plugins libcap2-bin
}

# Module-cache files are read-only and lose their exec bits; mconfig needs a VERSION file outside git.
prepare_source() {
  local version=$1 src=$2 mod
  mod=$(module_dir "$version") || die "cannot download github.com/apptainer/apptainer@$version"
  rm -rf "$src"
  mkdir -p "$(dirname "$src")"
  cp -r "$mod" "$src"
  chmod -R u+w "$src"
  chmod +x "$src/mconfig" "$src"/scripts/* "$src"/makeit/* "$src"/mlocal/scripts/*
  echo "${version#v}" > "$src/VERSION"
}

build() {
  local version=$1 prefix src
  prefix=$(prefix_of "$version")
  src="$HPK_CACHE/src/apptainer-$version"
  built "$version" && return 0
  log "building Apptainer $version into $prefix (cold: ~10+ minutes on 2 cores)"
  prepare_source "$version" "$src"
  (cd "$src" && ./mconfig -b builddir -p "$prefix" --without-suid) > "$LAB_LOGS/apptainer-build.log" 2>&1 \
    || die "mconfig failed, see $LAB_LOGS/apptainer-build.log"
  # mlocal/frags/go_common_opts.mk hard-codes proxy.golang.org; keep whatever this machine's go uses.
  make -C "$src/builddir" GOPROXY="$(go env GOPROXY)" >> "$LAB_LOGS/apptainer-build.log" 2>&1 \
    || die "make failed, see $LAB_LOGS/apptainer-build.log"
  make -C "$src/builddir" install >> "$LAB_LOGS/apptainer-build.log" 2>&1 \
    || die "make install failed, see $LAB_LOGS/apptainer-build.log"
  built "$version" || die "build finished without $prefix/bin/apptainer"
}

# conf_set FILE KEY VALUE: sets `KEY = VALUE` in apptainer.conf, uncommenting or appending as needed.
conf_set() {
  local file=$1 key=$2 value=$3
  if grep -qE "^#? ?$key =" "$file"; then
    sed -i -E "s|^#? ?$key =.*|$key = $value|" "$file"
  else
    echo "$key = $value" >> "$file"
  fi
}

# Root's default "full" capability set makes the starter fail where the bounding set lacks some capability
# (here CAP_SYS_RESOURCE: "Requesting capability set ... while permitted capability set is ..."), so root
# then gets exactly the capabilities it has, through capability.json.
configure_root_caps() {
  local prefix=$1 bnd full caps
  bnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
  full=$(printf '%016x' $(( (1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1 )))
  if [[ $((16#$bnd)) -eq $((16#$full)) ]]; then
    conf_set "$prefix/etc/apptainer/apptainer.conf" "root default capabilities" full
    return 0
  fi
  caps=$(capsh --decode="$bnd" | sed 's/.*=//' | tr '[:lower:]' '[:upper:]' | sed 's/,/", "/g')
  write_if_changed "$prefix/etc/apptainer/capability.json" \
    < <(printf '{\n  "users": {"root": ["%s"]},\n  "groups": {}\n}\n' "$caps") || true
  conf_set "$prefix/etc/apptainer/apptainer.conf" "root default capabilities" file
}

configure() {
  local prefix=$1 plugins
  plugins="$prefix/libexec/apptainer/cni"
  # Apptainer's own plugins (containernetworking/plugins from its go.mod) are newer than Debian's 1.1.1.
  [[ -x $plugins/bridge && -x $plugins/host-local && -x $plugins/portmap ]] || plugins=/usr/lib/cni
  conf_set "$prefix/etc/apptainer/apptainer.conf" "cni plugin path" "$plugins"
  conf_set "$prefix/etc/apptainer/apptainer.conf" "cni configuration path" "$NODE_CNI_DIR"
  configure_root_caps "$prefix"
  # The single-host network of earlier labs, if a cached build still has it.
  rm -f "$prefix/etc/apptainer/network/05_hpk-bridge.conflist"
}

cmd_install() {
  command -v go >/dev/null || die "go not found in PATH (Apptainer is built from its Go module source)"
  [[ -e /dev/loop-control ]] || log "WARNING: no /dev/loop-control: SIF images cannot be mounted as root"
  install_deps
  local version prefix
  version=$(pick_version)
  prefix=$(prefix_of "$version")
  build "$version"
  ln -sfn "$prefix/bin/apptainer" /usr/local/bin/apptainer
  configure "$prefix"
  log "apptainer $version ready: /usr/local/bin/apptainer -> $prefix/bin/apptainer"
}

# Nothing runs between jobs: pods start their own containers; the pod-network helper frees stale addresses.
cmd_stop() { :; }

cmd_status() {
  if [[ ! -x /usr/local/bin/apptainer ]]; then echo "apptainer: not installed"; return 1; fi
  local prefix
  prefix=$(dirname "$(dirname "$(readlink -f /usr/local/bin/apptainer)")")
  echo "apptainer: $(/usr/local/bin/apptainer --version) ($prefix)"
  echo "network:   $HPK_NETWORK -> $NODE_CNI_DIR/05_$HPK_NETWORK.conflist on each compute node"
  echo "config:    $prefix/etc/apptainer/apptainer.conf"
  echo "build log: $LAB_LOGS/apptainer-build.log"
}

cmd_start() { :; }

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
