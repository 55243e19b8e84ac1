#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, CoreDNS and metrics-server from their Go modules
# into $HPK_CACHE/bin, each binary named with its version. Skips what is already built.
source "$(dirname "$0")/lib.sh"

export GOFLAGS="-buildvcs=false" CGO_ENABLED=0

# Kubernetes' go.mod has replace lines for its staging modules, so `go install` refuses it; a wrapper module
# that repeats those replaces with the published staging versions builds it (LAB-NOTES.md §1).
build_kubernetes() {
  local out_api="$LAB_BIN/kube-apiserver-$K8S_VERSION" out_cm="$LAB_BIN/kube-controller-manager-$K8S_VERSION"
  [[ -x $out_api && -x $out_cm ]] && return 0
  local staging_version="v0.${K8S_VERSION#v1.}" dir="$HPK_CACHE/src/kubernetes-$K8S_VERSION"
  mkdir -p "$dir"
  {
    echo "module hpk.local/kubernetes-build"
    echo "go 1.24.0"
    echo "godebug default=go1.24"
    echo "require k8s.io/kubernetes $K8S_VERSION"
    for m in $STAGING; do echo "replace k8s.io/$m => k8s.io/$m $staging_version"; done
  } > "$dir/go.mod"
  printf 'package tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver/app"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"\n)\n' > "$dir/tools.go"
  local ldflags="" minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X '$pkg.gitVersion=$K8S_VERSION' -X '$pkg.gitMajor=1' -X '$pkg.gitMinor=$minor'"
    ldflags+=" -X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=1970-01-01T00:00:00Z'"
  done
  (cd "$dir" && go mod tidy >/dev/null 2>&1 || true
   cd "$dir" && go build -ldflags "$ldflags" -o "$out_api.tmp" k8s.io/kubernetes/cmd/kube-apiserver \
     && mv "$out_api.tmp" "$out_api"
   go build -ldflags "$ldflags" -o "$out_cm.tmp" k8s.io/kubernetes/cmd/kube-controller-manager \
     && mv "$out_cm.tmp" "$out_cm")
}

# build_module NAME VERSION MODULE PACKAGE [LDFLAGS]: builds one binary through a wrapper module.
build_module() {
  local name=$1 version=$2 module=$3 package=$4 ldflags=${5:-}
  local out="$LAB_BIN/$name-$version" dir="$HPK_CACHE/src/$name-$version"
  [[ -x $out ]] && return 0
  mkdir -p "$dir"
  (cd "$dir" && { [[ -f go.mod ]] || go mod init "hpk.local/$name-build" >/dev/null 2>&1; } \
    && go get "$module@$version" "$package@$version" >/dev/null 2>&1 \
    && go build -ldflags "$ldflags" -o "$out.tmp" "$package" && mv "$out.tmp" "$out")
}

# Each step: its output (built when that exists), and what it builds with roughly how long that takes cold.
step_output() {
  case $1 in
    kubernetes) echo "$LAB_BIN/kube-controller-manager-$K8S_VERSION" ;;
    etcd) echo "$LAB_BIN/etcd-$ETCD_VERSION" ;;
    coredns) echo "$LAB_BIN/coredns-$COREDNS_VERSION" ;;
    metrics-server) echo "$LAB_BIN/metrics-server-$METRICS_SERVER_VERSION" ;;
    jobset) echo "$LAB_BIN/jobset-$JOBSET_VERSION" ;;
  esac
}

step_about() {
  case $1 in
    kubernetes) echo "kube-apiserver and kube-controller-manager $K8S_VERSION (about 15 minutes on 2 cores)" ;;
    etcd) echo "etcd $ETCD_VERSION (about 2 minutes on 2 cores)" ;;
    coredns) echo "CoreDNS $COREDNS_VERSION (about 3 minutes on 2 cores)" ;;
    metrics-server) echo "metrics-server $METRICS_SERVER_VERSION (about 2 minutes on 2 cores)" ;;
    jobset) echo "JobSet $JOBSET_VERSION (about 2 minutes on 2 cores)" ;;
  esac
}

run_step() {
  case $1 in
    etcd) build_module etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 \
            "-X go.etcd.io/etcd/api/v3/version.GitSHA=module" ;;
    coredns) build_module coredns "$COREDNS_VERSION" github.com/coredns/coredns github.com/coredns/coredns ;;
    metrics-server) build_module metrics-server "$METRICS_SERVER_VERSION" sigs.k8s.io/metrics-server \
            sigs.k8s.io/metrics-server/cmd/metrics-server \
            "-X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION" ;;
    kubernetes) build_kubernetes ;;
    # Not part of the control plane: the operator the lab's users deploy (deploy/lab/jobset.sh).
    jobset) build_module jobset "$JOBSET_VERSION" sigs.k8s.io/jobset sigs.k8s.io/jobset ;;
  esac
}

# Only what is not built yet counts, so a cold build says "[n/N] building X" and a warm one says nothing.
what=${1:-all}
case $what in
  all) steps=(etcd coredns metrics-server kubernetes) ;;
  etcd | coredns | metrics-server | kubernetes | jobset) steps=("$what") ;;
  *) die "usage: $0 [all|etcd|coredns|metrics-server|kubernetes|jobset]" ;;
esac
todo=()
for step in "${steps[@]}"; do [[ -x $(step_output "$step") ]] || todo+=("$step"); done
for i in "${!todo[@]}"; do
  started=$SECONDS
  log "[$((i + 1))/${#todo[@]}] building $(step_about "${todo[i]}")"
  run_step "${todo[i]}" || die "building ${todo[i]} failed"
  log "[$((i + 1))/${#todo[@]}] built ${todo[i]} in $((SECONDS - started)) s"
done
