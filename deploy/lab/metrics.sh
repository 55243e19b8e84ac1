#!/usr/bin/env bash
# metrics-server on the control plane's lab address, scraping the HPK kubelet's /metrics/resource, behind the API server's
# aggregation layer as metrics.k8s.io (so `kubectl top` works).
# Usage: metrics.sh install|start|stop|status
#
# The APIService v1beta1.metrics.k8s.io exists only while metrics-server runs: `start` registers it once
# metrics-server answers, `stop` removes it before stopping the process. An APIService whose server is
# gone makes discovery fail (kubectl warnings, namespace deletion and garbage collection stall).
# --metric-resolution must be larger than --kubelet-request-timeout (default 10s), else it panics at start.
source "$(dirname "$0")/lib.sh"

PKI="$LAB_STATE/pki"
KC="$LAB_STATE/metrics-server.kubeconfig"
METRICS_PORT="${HPK_LAB_METRICS_PORT:-4443}"
METRICS_BIN="$LAB_BIN/metrics-server-$METRICS_SERVER_VERSION"
APISERVICE=v1beta1.metrics.k8s.io

kubectl_admin() { "$KUBECTL" --kubeconfig "$LAB_STATE/admin.kubeconfig" --request-timeout=10s "$@"; }

# By the name the API server checks, at the address it dials.
metrics_live() {
  local name=metrics-server.kube-system.svc
  curl -sf --cacert "$PKI/ca.crt" --resolve "$name:$METRICS_PORT:$CP_ADDR" "https://$name:$METRICS_PORT/livez"
}

apiservice_available() {
  [[ $(kubectl_admin get apiservice "$APISERVICE" \
    -o jsonpath='{.status.conditions[?(@.type=="Available")].status}') == True ]]
}

# LAB-NOTES §4: with --enable-aggregator-routing=true the API server dials the Service's endpoint, which
# may not be a loopback address: a Service without selector and an EndpointSlice naming the login node's
# lab address; the serving certificate is checked against the lab CA for metrics-server.kube-system.svc.
apiservice_yaml() {
  cat <<YAML
apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
  labels: {app.kubernetes.io/managed-by: hpk-lab}
spec:
  clusterIP: None
  ports:
    - {name: https, port: $METRICS_PORT, protocol: TCP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metrics-server-lab
  namespace: kube-system
  labels: {kubernetes.io/service-name: metrics-server, app.kubernetes.io/managed-by: hpk-lab}
addressType: IPv4
endpoints:
  - addresses: [$CP_ADDR]
    conditions: {ready: true}
ports:
  - {name: https, port: $METRICS_PORT, protocol: TCP}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: $APISERVICE
  labels: {app.kubernetes.io/managed-by: hpk-lab}
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: {name: metrics-server, namespace: kube-system, port: $METRICS_PORT}
  caBundle: $(base64 -w0 < "$PKI/ca.crt")
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
}

do_install() {
  apt_install curl
  [[ -x $METRICS_BIN ]] || "$LAB_ROOT/build-controlplane.sh" metrics-server
}

do_start() {
  require_user start
  [[ -x $METRICS_BIN ]] || die "$METRICS_BIN is missing: run '$0 install' first"
  [[ -s $PKI/metrics-server-serving.crt && -s $KC ]] || "$LAB_ROOT/controlplane.sh" pki
  kubectl_admin apply -f "$LAB_ROOT/../manifests/hpk-metrics.yaml" >&2
  local p="$PKI"
  start_daemon metrics-server "$METRICS_BIN" \
    --kubeconfig="$KC" --authentication-kubeconfig="$KC" --authorization-kubeconfig="$KC" \
    --bind-address="$CP_ADDR" --secure-port="$METRICS_PORT" \
    --tls-cert-file="$p/metrics-server-serving.crt" --tls-private-key-file="$p/metrics-server-serving.key" \
    --client-ca-file="$p/ca.crt" \
    --requestheader-client-ca-file="$p/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --kubelet-certificate-authority="$p/ca.crt" \
    --kubelet-preferred-address-types=InternalIP --kubelet-use-node-status-port \
    --metric-resolution=10s --kubelet-request-timeout=5s -v=1
  local i
  for i in $(seq 1 150); do
    metrics_live >/dev/null 2>&1 && break
    daemon_running metrics-server || { tail -n 20 "$LAB_LOGS/metrics-server.log" >&2; die "metrics-server exited"; }
    ((i < 150)) || die "timed out waiting for metrics-server (log: $LAB_LOGS/metrics-server.log)"
    sleep 0.2
  done
  # An ExternalName Service of an older lab cannot be changed into this one.
  if [[ $(kubectl_admin get service metrics-server -n kube-system -o jsonpath='{.spec.type}' 2>/dev/null) \
    == ExternalName ]]; then
    kubectl_admin delete service metrics-server -n kube-system >&2
  fi
  apiservice_yaml | kubectl_admin apply -f - >&2
  wait_for "APIService $APISERVICE to be Available" 60 apiservice_available
  log "metrics-server up on $CP_ADDR:$METRICS_PORT; APIService $APISERVICE Available"
}

do_stop() {
  if kubectl_admin get apiservice "$APISERVICE" >/dev/null 2>&1; then
    log "removing APIService $APISERVICE"
    kubectl_admin delete apiservice "$APISERVICE" --wait=false >&2 || true
  fi
  stop_daemon metrics-server
}

do_status() {
  local rc=0
  if daemon_running metrics-server; then
    printf '%-24s running  pid %-8s log %s\n' metrics-server "$(head -1 "$LAB_PIDS/metrics-server.pid")" \
      "$LAB_LOGS/metrics-server.log"
  else
    printf '%-24s stopped  %-12s log %s\n' metrics-server "" "$LAB_LOGS/metrics-server.log"
    rc=1
  fi
  printf 'APIService %s available: ' "$APISERVICE"
  if apiservice_available 2>/dev/null; then echo yes; else echo no; rc=1; fi
  return "$rc"
}

case ${1:-} in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
