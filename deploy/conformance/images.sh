#!/usr/bin/env bash
# The images the node conformance tests run, in the lab registry under the names the tests use (remapped by
# repo-list.yaml): agnhost (built by build.sh) on the lab's busybox root filesystem, pause (agnhost pause),
# nonewprivs (its setuid program on that root filesystem) and the lab's busybox under the tests' busybox tag. As root it builds the image layouts into the cache;
# as anyone it pushes what the registry lacks.
source "$(dirname "$0")/../lab/registry.sh"

AGNHOST_TAG=2.56
TEST_BUSYBOX_TAG=1.37.0-1
PAUSE_TAG=3.10.1
AGNHOST_BIN="$LAB_BIN/agnhost-$K8S_VERSION"
# The revision changes with what the layout holds, so a cached older one is built again.
AGNHOST_LAYOUT="$HPK_CACHE/images/agnhost-$K8S_VERSION-r4"
AGNHOST_SOURCE="$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/test/images/agnhost"
NNP_TAG=1.3
NNP_BIN="$LAB_BIN/nonewprivs-$K8S_VERSION"
NNP_LAYOUT="$HPK_CACHE/images/nonewprivs-$K8S_VERSION-r1"

# copy_with_libraries PROGRAM ROOT: a dynamically linked program of this machine and the libraries it
# loads, at the same paths under ROOT.
copy_with_libraries() {
  local file
  install -D -m 0755 "$1" "$2$1"
  for file in $(ldd "$1" | grep -oE '/[^ ]+'); do
    [[ -e $2$file ]] || install -D -m 0755 "$(readlink -f "$file")" "$2$file"
  done
}

build_agnhost_layout() {
  [[ -f $AGNHOST_LAYOUT/.done ]] && return 0
  [[ -x $AGNHOST_BIN ]] || die "$AGNHOST_BIN missing: run deploy/conformance/build.sh first"
  log "building OCI images agnhost:$AGNHOST_TAG and pause:$PAUSE_TAG"
  local tmp
  tmp=$(mktemp -d)
  rm -rf "$AGNHOST_LAYOUT"
  umoci init --layout "$AGNHOST_LAYOUT"
  umoci new --image "$AGNHOST_LAYOUT:$AGNHOST_TAG"
  umoci unpack --image "$AGNHOST_LAYOUT:$AGNHOST_TAG" "$tmp/bundle" > /dev/null
  make_rootfs "$tmp/bundle/rootfs"
  install -m 0755 "$AGNHOST_BIN" "$tmp/bundle/rootfs/agnhost"
  # As upstream's image (test/images/agnhost/Dockerfile): a test overrides the command with a second
  # name, hooks call curl, netexec --tls serves porter's certificate, some specs check the image's user.
  ln -s agnhost "$tmp/bundle/rootfs/agnhost-2"
  copy_with_libraries /usr/bin/curl "$tmp/bundle/rootfs"
  install -m 0644 "$AGNHOST_SOURCE/porter/localhost.crt" "$AGNHOST_SOURCE/porter/localhost.key" \
    "$tmp/bundle/rootfs/"
  mkdir -p "$tmp/bundle/rootfs/uploads"
  echo 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh' >> "$tmp/bundle/rootfs/etc/passwd"
  printf 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n' \
    >> "$tmp/bundle/rootfs/etc/group"
  umoci repack --image "$AGNHOST_LAYOUT:$AGNHOST_TAG" "$tmp/bundle"
  umoci config --image "$AGNHOST_LAYOUT:$AGNHOST_TAG" --config.entrypoint /agnhost --config.cmd pause \
    --config.workingdir / --config.env PATH=/bin:/usr/bin:/sbin:/usr/sbin
  umoci config --image "$AGNHOST_LAYOUT:$AGNHOST_TAG" --tag "$PAUSE_TAG" --clear=config.cmd \
    --config.entrypoint /agnhost --config.entrypoint pause
  umoci gc --layout "$AGNHOST_LAYOUT"
  chmod -R a+rX "$AGNHOST_LAYOUT"
  rm -rf "$tmp"
  touch "$AGNHOST_LAYOUT/.done"
}

# As upstream's test/images/nonewprivs: the program, setuid, as the image's command.
build_nonewprivs_layout() {
  [[ -f $NNP_LAYOUT/.done ]] && return 0
  [[ -x $NNP_BIN ]] || die "$NNP_BIN missing: run deploy/conformance/build.sh first"
  log "building OCI image nonewprivs:$NNP_TAG"
  local tmp
  tmp=$(mktemp -d)
  rm -rf "$NNP_LAYOUT"
  umoci init --layout "$NNP_LAYOUT"
  umoci new --image "$NNP_LAYOUT:$NNP_TAG"
  umoci unpack --image "$NNP_LAYOUT:$NNP_TAG" "$tmp/bundle" > /dev/null
  make_rootfs "$tmp/bundle/rootfs"
  install -D -m 4755 "$NNP_BIN" "$tmp/bundle/rootfs/usr/local/bin/nnp"
  umoci repack --image "$NNP_LAYOUT:$NNP_TAG" "$tmp/bundle"
  umoci config --image "$NNP_LAYOUT:$NNP_TAG" --config.cmd nnp \
    --config.env PATH=/usr/local/bin:/bin:/usr/bin:/sbin:/usr/sbin
  umoci gc --layout "$NNP_LAYOUT"
  chmod -R a+rX "$NNP_LAYOUT"
  rm -rf "$tmp"
  touch "$NNP_LAYOUT/.done"
}

# push LAYOUT:TAG REPOSITORY:TAG, every time: blobs the registry has are not sent again, and a tag
# pushed from an older layout is replaced.
push() {
  log "pushing localhost:5000/$2"
  skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$1" "docker://localhost:5000/$2"
}

if ((EUID == 0)); then
  apt_install umoci skopeo busybox-static curl
  build_agnhost_layout
  build_nonewprivs_layout
fi
registry_up || die "the lab registry does not answer on $REGISTRY_ADDR: make lab-up first"
push "$AGNHOST_LAYOUT:$AGNHOST_TAG" "e2e-test-images/agnhost:$AGNHOST_TAG"
push "$AGNHOST_LAYOUT:$PAUSE_TAG" "pause:$PAUSE_TAG"
push "$BUSYBOX_LAYOUT:$BUSYBOX_TAG" "e2e-test-images/busybox:$TEST_BUSYBOX_TAG"
push "$NNP_LAYOUT:$NNP_TAG" "e2e-test-images/nonewprivs:$NNP_TAG"
