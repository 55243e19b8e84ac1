#!/usr/bin/env bash
# Builds the node conformance tests (e2e-node-conformance, a `go test -c` binary of Kubernetes' own e2e
# framework with the node suites), agnhost, the image most of those tests run, nonewprivs (the program of
# the privilege-escalation tests' image), and the ginkgo CLI at the
# version the suite links (which runs the suite's specs in parallel processes, run.sh), from the Kubernetes
# module at the lab's version into $HPK_CACHE/bin. Skips what is already built.
source "$(dirname "$0")/../lab/lib.sh"

export GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0
CONFORMANCE_BIN="$LAB_BIN/e2e-node-conformance-$K8S_VERSION"
AGNHOST_BIN="$LAB_BIN/agnhost-$K8S_VERSION"
GINKGO_BIN="$LAB_BIN/ginkgo-$K8S_VERSION"
NNP_BIN="$LAB_BIN/nonewprivs-$K8S_VERSION"

# The same wrapper module as the control plane's (build-controlplane.sh): Kubernetes' staging replaces.
write_module() {
  local dir=$1 staging_version="v0.${K8S_VERSION#v1.}" m
  mkdir -p "$dir"
  {
    echo "module hpk.local/conformance"
    echo "go 1.24.0"
    echo "godebug default=go1.24"
    echo "require k8s.io/kubernetes $K8S_VERSION"
    for m in $STAGING; do echo "replace k8s.io/$m => k8s.io/$m $staging_version"; done
  } > "$dir/go.mod"
  cp "$(dirname "$0")/suite_test.go.txt" "$dir/suite_test.go"
}

build() {
  [[ -x $CONFORMANCE_BIN && -x $AGNHOST_BIN && -x $GINKGO_BIN && -x $NNP_BIN ]] && return 0
  local dir="$HPK_CACHE/src/conformance-$K8S_VERSION"
  write_module "$dir"
  log "building the node conformance tests, agnhost, nonewprivs and ginkgo of Kubernetes $K8S_VERSION (cold: ~15 minutes)"
  (cd "$dir" && go mod tidy > /dev/null 2>&1 || true
   cd "$dir" && if [[ ! -x $CONFORMANCE_BIN ]]; then
     go test -c -o "$CONFORMANCE_BIN.tmp" . && mv "$CONFORMANCE_BIN.tmp" "$CONFORMANCE_BIN"; fi \
     && if [[ ! -x $AGNHOST_BIN ]]; then go build -o "$AGNHOST_BIN.tmp" k8s.io/kubernetes/test/images/agnhost \
       && mv "$AGNHOST_BIN.tmp" "$AGNHOST_BIN"; fi \
     && go build -o "$GINKGO_BIN.tmp" github.com/onsi/ginkgo/v2/ginkgo && mv "$GINKGO_BIN.tmp" "$GINKGO_BIN" \
     && go build -o "$NNP_BIN.tmp" k8s.io/kubernetes/test/images/nonewprivs && mv "$NNP_BIN.tmp" "$NNP_BIN")
}

build
