#!/usr/bin/env bash
# The lab's Kubernetes control plane in one Apptainer container, `hpk-master` (deploy/controlplane/
# hpk-master.def): etcd, kube-apiserver, kube-controller-manager, CoreDNS and metrics-server, with a PKI
# made by openssl on first start. It is the HPC user's: image, start, stop, status and pki run as that
# user, unprivileged; install (root) builds the binaries into the cache.
#   image   builds the container (apptainer build, no root) from the cached binaries, once per content
#   start   runs it on the host's network with the state ($LAB_STATE) bound in, and waits until it is up
#   serve   what the container runs: the PKI, then each daemon in order; SIGTERM stops them in reverse
#           order (the state stays), SIGUSR1 starts again whichever is not running (the fault tests')
# Processes in the container are the host's (no PID namespace), so their pid files in $LAB_PIDS, stop,
# status and the fault tests work from outside as for any lab daemon.
# Usage: controlplane.sh install|image|start|stop|status|pki|fault|serve
source "$(dirname "$0")/lib.sh"

PKI="$LAB_STATE/pki"
DNS_DIR="$LAB_STATE/coredns"
MANIFESTS="$LAB_ROOT/../manifests"
# The API server's address in the kubeconfigs: loopback on the login node; a Slurm job that runs the control
# plane (hpk.sbatch) names its node's address, so the kubeconfigs work from the login node too.
API_URL="https://${HPK_LAB_API_HOST:-127.0.0.1}:6443"
SERVICE_CIDR="10.96.0.0/12"
API_SERVICE_IP="10.96.0.1"
CLUSTER_DOMAIN="cluster.local"
# Space-separated ADDR:PORT list; one CoreDNS server block per port. Pods on every compute node reach
# $CP_ADDR (the login node on the lab bridge, which nodes.sh creates first) at port 53, which the site
# forwards to $CLUSTER_DNS_PORT (nodes.sh): nothing in the unprivileged container can bind port 53.
HPK_LAB_DNS_LISTEN="${HPK_LAB_DNS_LISTEN:-127.0.0.1:$CLUSTER_DNS_PORT $CP_ADDR:$CLUSTER_DNS_PORT}"
# The HPK kubelet's node name: its serving certificate carries it (and 127.0.0.1, the node's InternalIP).
HPK_NODE_NAME="${HPK_NODE_NAME:-hpk-kubelet}"
DAEMONS="etcd kube-apiserver kube-controller-manager coredns"
# The container, its image cache and the file its `serve` writes once every daemon is up.
DEFINITION="$LAB_ROOT/../controlplane/hpk-master.def"
IMAGE_DIR="$HPK_CACHE/controlplane"
READY="$LAB_PIDS/hpk-master.ready"
# What `ps` shows for `apptainer run`'s process once it has started the container.
CONTAINER_PROGRAM="Apptainer runtime parent"

bin_of() {
  case $1 in
    etcd) echo "$LAB_BIN/etcd-$ETCD_VERSION" ;;
    coredns) echo "$LAB_BIN/coredns-$COREDNS_VERSION" ;;
    *) echo "$LAB_BIN/$1-$K8S_VERSION" ;;
  esac
}

# ---------------------------------------------------------------- PKI

# Keys are made once; a certificate is re-issued when its key, its CA, its subject or its extensions
# change (a new hostname gets a new serving certificate), so every step is safe to repeat.
ensure_key() {
  local key="$PKI/$1.key"
  [[ -s $key ]] && return 0
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key.tmp" 2>/dev/null)
  mv "$key.tmp" "$key"
}

ca_config() {
  printf '%s\n' '[req]' 'distinguished_name = dn' '[dn]' '[v3_ca]' \
    'basicConstraints = critical,CA:TRUE' 'keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign' \
    'subjectKeyIdentifier = hash'
}

ensure_ca() {
  local name=$1 cn=$2 crt="$PKI/$1.crt"
  ensure_key "$name"
  [[ -s $crt && ! $PKI/$name.key -nt $crt ]] && return 0
  log "creating CA $name"
  openssl req -x509 -new -key "$PKI/$name.key" -subj "/CN=$cn" -days 3650 -sha256 \
    -config <(ca_config) -extensions v3_ca -out "$crt.tmp"
  mv "$crt.tmp" "$crt"
}

leaf_spec() {
  local subj=$1 eku=$2 sans=$3
  echo "# subject: $subj"
  echo "basicConstraints = critical,CA:FALSE"
  echo "keyUsage = critical,digitalSignature,keyEncipherment"
  echo "extendedKeyUsage = $eku"
  echo "subjectKeyIdentifier = hash"
  echo "authorityKeyIdentifier = keyid,issuer"
  if [[ -n $sans ]]; then echo "subjectAltName = $sans"; fi
}

cert_current() {
  local name=$1 ca=$2 want=$3 crt="$PKI/$1.crt"
  [[ -s $crt && ! $PKI/$name.key -nt $crt && ! $PKI/$ca.crt -nt $crt ]] \
    && [[ "$(cat "$PKI/$name.spec" 2>/dev/null)" == "$want" ]]
}

# issue_cert NAME CA SUBJECT EKU [SANS]
issue_cert() {
  local name=$1 ca=$2 subj=$3 eku=$4 sans=${5:-} want crt="$PKI/$1.crt"
  ensure_key "$name"
  want=$(leaf_spec "$subj" "$eku" "$sans")
  cert_current "$name" "$ca" "$want" && return 0
  log "issuing $name ($subj)"
  printf '%s\n' "$want" > "$PKI/$name.spec"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" \
    | openssl x509 -req -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
        -days 3650 -sha256 -extfile "$PKI/$name.spec" -out "$crt.tmp" 2>/dev/null
  mv "$crt.tmp" "$crt"
}

# The clustered event bus's shared secret (cluster.secret-file): random, owner-only, made once.
ensure_cluster_secret() {
  local secret="$PKI/cluster.secret"
  [[ -s $secret ]] && return 0
  log "creating the cluster secret"
  (umask 077 && openssl rand -hex 32 > "$secret.tmp")
  mv "$secret.tmp" "$secret"
}

ensure_sa_keys() {
  ensure_key sa
  [[ -s $PKI/sa.pub && ! $PKI/sa.key -nt $PKI/sa.pub ]] && return 0
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
}

apiserver_sans() {
  local s="IP:127.0.0.1,IP:$LOGIN_ADDR,IP:$API_SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
  if [[ $CP_ADDR != "$LOGIN_ADDR" ]]; then s+=",IP:$CP_ADDR"; fi
  echo "$s,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:$(hostname)"
}

make_pki() {
  mkdir -p "$PKI" && chmod 700 "$PKI"
  ensure_ca ca hpk-lab-ca
  # The aggregation layer trusts whatever this CA signs as a proxy for any user: it must be separate.
  ensure_ca front-proxy-ca hpk-lab-front-proxy-ca
  # etcd trusts every certificate its CA signed, so the cluster CA's users must not be among them.
  ensure_ca etcd-ca hpk-lab-etcd-ca
  ensure_sa_keys
  issue_cert apiserver ca /CN=kube-apiserver serverAuth "$(apiserver_sans)"
  issue_cert apiserver-kubelet-client ca \
    /O=kube-apiserver-kubelet-clients/CN=kube-apiserver-kubelet-client clientAuth
  issue_cert apiserver-etcd-client etcd-ca /CN=kube-apiserver-etcd-client clientAuth
  issue_cert etcd-server etcd-ca /CN=etcd serverAuth,clientAuth "IP:127.0.0.1,DNS:localhost"
  issue_cert front-proxy-client front-proxy-ca /CN=front-proxy-client clientAuth
  issue_cert admin ca /O=system:masters/CN=kubernetes-admin clientAuth
  issue_cert hpk-controller ca /O=hpk:controllers/CN=hpk-controller clientAuth
  issue_cert controller-manager ca /CN=system:kube-controller-manager clientAuth
  issue_cert coredns ca /CN=system:coredns clientAuth
  issue_cert hpk-webhook ca /CN=hpk-webhook serverAuth "IP:127.0.0.1,DNS:localhost"
  # metrics-server (deploy/lab/metrics.sh): a client of the API server and the kubelet, and the server
  # behind the metrics.k8s.io APIService, whose ExternalName Service points at localhost.
  issue_cert metrics-server ca /CN=system:metrics-server clientAuth
  issue_cert metrics-server-serving ca /CN=metrics-server serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:metrics-server.kube-system.svc"
  issue_cert kubelet-serving ca "/O=system:nodes/CN=system:node:$HPK_NODE_NAME" serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:$HPK_NODE_NAME,DNS:$(hostname)"
  # HPK's clustered event bus (--cluster) admits whatever its CA signed, so it has a CA of its own: a
  # certificate the cluster CA issued to kubectl or CoreDNS must not make a member. One member
  # certificate serves every HPK JVM of the lab, as client and as server.
  ensure_ca hpk-cluster-ca hpk-lab-cluster-ca
  issue_cert hpk-cluster-member hpk-cluster-ca /CN=hpk-cluster-member serverAuth,clientAuth
  ensure_cluster_secret
}

# ---------------------------------------------------------------- kubeconfigs

kubeconfig_yaml() {
  local cert=$1 user=$2
  cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: hpk-lab
  cluster:
    server: $API_URL
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 < "$PKI/$cert.crt")
    client-key-data: $(base64 -w0 < "$PKI/$cert.key")
contexts:
- name: $user@hpk-lab
  context:
    cluster: hpk-lab
    user: $user
current-context: $user@hpk-lab
EOF
}

# Kubeconfigs hold client keys: only their owner reads them.
write_kubeconfig() {
  write_if_changed "$LAB_STATE/$1.kubeconfig" 0600 < <(kubeconfig_yaml "$2" "$3") || true
}

write_kubeconfigs() {
  write_kubeconfig admin admin kubernetes-admin
  write_kubeconfig hpk hpk-controller hpk-controller
  write_kubeconfig controller-manager controller-manager system:kube-controller-manager
  write_kubeconfig coredns coredns system:coredns
  write_kubeconfig metrics-server metrics-server system:metrics-server
}

# ---------------------------------------------------------------- daemons

# wait_up NAME SECONDS CHECK...: like wait_for, but fails at once, with the log tail, when NAME exits.
wait_up() {
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    if ! daemon_running "$name"; then
      tail -n 20 "$LAB_LOGS/$name.log" >&2
      die "$name exited (log: $LAB_LOGS/$name.log)"
    fi
    sleep 0.2
  done
  die "timed out after ${secs}s waiting for $name (log: $LAB_LOGS/$name.log)"
}

etcd_healthy() {
  curl -sf --cacert "$PKI/etcd-ca.crt" --cert "$PKI/apiserver-etcd-client.crt" \
    --key "$PKI/apiserver-etcd-client.key" https://127.0.0.1:2379/health
}

apiserver_ready() {
  curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$API_URL/readyz"
}

# The controller-manager serves /healthz with a self-signed certificate it makes in memory: nothing to pin.
controller_manager_healthy() { curl -sfk https://127.0.0.1:10257/healthz; }

coredns_ready() { curl -sf http://127.0.0.1:8181/ready; }

start_etcd() {
  local p="$PKI"
  start_daemon etcd "$(bin_of etcd)" --name hpk-lab --data-dir "$LAB_STATE/etcd" \
    --listen-client-urls https://127.0.0.1:2379 --advertise-client-urls https://127.0.0.1:2379 \
    --listen-peer-urls https://127.0.0.1:2380 --initial-advertise-peer-urls https://127.0.0.1:2380 \
    --initial-cluster hpk-lab=https://127.0.0.1:2380 \
    --cert-file "$p/etcd-server.crt" --key-file "$p/etcd-server.key" \
    --client-cert-auth --trusted-ca-file "$p/etcd-ca.crt" \
    --peer-cert-file "$p/etcd-server.crt" --peer-key-file "$p/etcd-server.key" \
    --peer-client-cert-auth --peer-trusted-ca-file "$p/etcd-ca.crt"
  wait_up etcd 30 etcd_healthy
}

# It listens on every address, so pods on the compute nodes reach it at the login node's $CP_ADDR:6443,
# and advertises that address: the `kubernetes` Service's endpoints (kept by the API server's lease
# reconciler) name it, and HPK gives pods KUBERNETES_SERVICE_HOST/PORT from them (ClusterIPs are not routed
# on the cluster). For the same reason it calls admission webhooks and aggregated APIs at their Service's
# endpoints (--enable-aggregator-routing): pod IPs are routed from the login node, so an operator's webhook
# running in a pod answers (LAB-NOTES §4).
start_apiserver() {
  local p="$PKI"
  start_daemon kube-apiserver "$(bin_of kube-apiserver)" \
    --bind-address=0.0.0.0 --secure-port=6443 --advertise-address="$CP_ADDR" \
    --etcd-servers=https://127.0.0.1:2379 --etcd-cafile="$p/etcd-ca.crt" \
    --etcd-certfile="$p/apiserver-etcd-client.crt" --etcd-keyfile="$p/apiserver-etcd-client.key" \
    --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
    --client-ca-file="$p/ca.crt" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction,NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota,Priority \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$p/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$p/ca.crt" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --requestheader-client-ca-file="$p/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$p/front-proxy-client.crt" --proxy-client-key-file="$p/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --allow-privileged=true \
    --profiling=false
  wait_up kube-apiserver 120 apiserver_ready
}

# No pod CIDRs are handed out (pods get their IPs from the CNI config of the Slurm node), so nodeipam is off.
start_controller_manager() {
  local p="$PKI" kc="$LAB_STATE/controller-manager.kubeconfig"
  start_daemon kube-controller-manager "$(bin_of kube-controller-manager)" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 \
    --client-ca-file="$p/ca.crt" --requestheader-client-ca-file="$p/front-proxy-ca.crt" \
    --root-ca-file="$p/ca.crt" \
    --service-account-private-key-file="$p/sa.key" \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --use-service-account-credentials=true \
    --controllers='*,-nodeipam' --allocate-node-cidrs=false \
    --service-cluster-ip-range="$SERVICE_CIDR" --cluster-name=hpk-lab \
    --leader-elect=false \
    --profiling=false
  wait_up kube-controller-manager 60 controller_manager_healthy
}

apply_manifests() {
  local args=() f
  for f in "$MANIFESTS"/*.yaml; do
    if [[ -f $f ]]; then args+=(-f "$f"); fi
  done
  if [[ ${#args[@]} -eq 0 ]]; then return 0; fi
  log "applying $((${#args[@]} / 2)) manifest(s) from deploy/manifests"
  "$KUBECTL" --kubeconfig "$LAB_STATE/admin.kubeconfig" apply "${args[@]}" >&2
}

# ---------------------------------------------------------------- CoreDNS

# The upstream file is what CoreDNS does with names outside the cluster; reload re-reads imports too.
# HPK_LAB_DNS_UPSTREAM=HOST:PORT (re)writes it; otherwise an existing file belongs to whoever wrote it.
write_upstream() {
  local file="$DNS_DIR/upstream"
  if [[ -n ${HPK_LAB_DNS_UPSTREAM:-} ]]; then
    write_if_changed "$file" < <(printf 'forward . %s\nloop\n' "$HPK_LAB_DNS_UPSTREAM") || true
  elif [[ ! -f $file ]]; then
    default_upstream > "$file"
  fi
}

default_upstream() {
  cat <<'EOF'
# Imported by the Corefile for names outside the cluster domain; CoreDNS reloads within 2 s of a change.
# Empty on purpose, so such names get SERVFAIL at once: the lab sends nothing off loopback, and forwarding
# to /etc/resolv.conf could lead back to CoreDNS itself (the `loop` plugin would then stop it).
# To forward to a stand-in site DNS on loopback, put here (or start with HPK_LAB_DNS_UPSTREAM=127.0.0.1:5353):
#   forward . 127.0.0.1:5353
#   loop
EOF
}

# health, ready and reload are process-wide, so only the first server block carries them. One block per
# port, bound to that port's addresses.
corefile() {
  local addr port binds first=1
  cat <<EOF
# Generated by deploy/lab/controlplane.sh on every start; change $DNS_DIR/upstream instead.
(cluster) {
    errors
    kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $LAB_STATE/coredns.kubeconfig
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    import $DNS_DIR/upstream
    cache 5
    # Services are headless: rotating the A records spreads clients over the pods.
    loadbalance
}
EOF
  for port in $(for addr in $HPK_LAB_DNS_LISTEN; do echo "${addr##*:}"; done | awk '!seen[$0]++'); do
    binds=$(for addr in $HPK_LAB_DNS_LISTEN; do [[ ${addr##*:} != "$port" ]] || printf ' %s' "${addr%:*}"; done)
    printf '.:%s {\n    bind%s\n    import cluster\n' "$port" "$binds"
    if [[ -n $first ]]; then
      printf '    health 127.0.0.1:8081\n    ready 127.0.0.1:8181\n    reload 2s\n'
      first=
    fi
    printf '}\n'
  done
}

start_coredns() {
  mkdir -p "$DNS_DIR"
  write_upstream
  write_if_changed "$DNS_DIR/Corefile" < <(corefile) || true
  start_daemon coredns "$(bin_of coredns)" -conf "$DNS_DIR/Corefile"
  wait_up coredns 30 coredns_ready
}

# ---------------------------------------------------------------- the container image

# Everything the image is made of: its definition, the scripts and manifests it carries, the binaries
# (their names carry their versions), kubectl and the host programs rootfs.sh copies, and Apptainer.
image_inputs() {
  local f
  for f in "$DEFINITION" "$LAB_ROOT/../controlplane/rootfs.sh" "$LAB_ROOT/lib.sh" "$LAB_ROOT/controlplane.sh" \
    "$LAB_ROOT/metrics.sh" "$MANIFESTS"/*.yaml; do
    printf '%s %s\n' "$(basename "$f")" "$(sha256sum < "$f" | cut -d' ' -f1)"
  done
  for f in $DAEMONS metrics-server; do stat -L -c '%n %s %Y' "$(image_binary "$f")"; done
  stat -L -c '%n %s %Y' "$KUBECTL"
  dpkg-query -W busybox-static bash openssl curl libc6 2>/dev/null || true
  apptainer --version
}

image_binary() {
  case $1 in
    metrics-server) echo "$LAB_BIN/metrics-server-$METRICS_SERVER_VERSION" ;;
    *) bin_of "$1" ;;
  esac
}

image_path() { echo "$IMAGE_DIR/hpk-master-$(image_inputs | sha256sum | cut -c1-16).sif"; }

# Prints the image's path; builds it first when this content has none yet (a minute or two: the binaries
# are some 600 MB), and removes the images of other contents.
ensure_image() {
  local sif tmp f src
  sif=$(image_path)
  [[ -s $sif ]] && { echo "$sif"; return 0; }
  for f in $DAEMONS metrics-server; do
    [[ -x $(image_binary "$f") ]] || die "$(image_binary "$f") is missing: run '$0 install' as root first"
  done
  [[ -w $IMAGE_DIR ]] || die "$IMAGE_DIR is not writable by $(id -un): run '$0 install' as root first"
  src=$(cd "$LAB_ROOT/../.." && pwd)
  tmp="$sif.tmp.$$"
  log "building the control-plane container $(basename "$sif") (apptainer build as $(id -un); log: $LAB_LOGS/hpk-master-build.log)"
  if ! apptainer build --force --build-arg "src=$src" --build-arg "bin=$LAB_BIN" --build-arg "kubectl=$KUBECTL" \
    --build-arg "k8s_version=$K8S_VERSION" --build-arg "etcd_version=$ETCD_VERSION" \
    --build-arg "coredns_version=$COREDNS_VERSION" --build-arg "metrics_server_version=$METRICS_SERVER_VERSION" \
    "$tmp" "$DEFINITION" > "$LAB_LOGS/hpk-master-build.log" 2>&1; then
    rm -f "$tmp"
    tail -n 20 "$LAB_LOGS/hpk-master-build.log" >&2
    die "apptainer build failed (log: $LAB_LOGS/hpk-master-build.log)"
  fi
  mv -f "$tmp" "$sif"
  find "$IMAGE_DIR" -maxdepth 1 -name 'hpk-master-*.sif' ! -name "$(basename "$sif")" -delete
  log "built $sif ($(du -m "$sif" | cut -f1) MB)"
  echo "$sif"
}

# ---------------------------------------------------------------- inside the container

start_daemons() {
  require_binaries
  do_pki
  start_etcd
  start_apiserver
  start_controller_manager
  apply_manifests
  start_coredns
  "$LAB_ROOT/metrics.sh" start
}

# In reverse order; each gets 10 s. A daemon already gone (a Slurm job's scancel signals all) is skipped.
# No API request on the way: metrics-server's APIService stays for its next start, since an API server
# that is stopping itself (scancel signals every process at once) answers a request only when it times out.
stop_daemons() {
  stop_daemon metrics-server
  stop_daemon coredns
  stop_daemon kube-controller-manager
  stop_daemon kube-apiserver
  stop_daemon etcd
}

# The container's main process: it stays until SIGTERM, and whatever way it ends, it stops the daemons.
# A second SIGTERM (`apptainer run` forwards its own, and scancel signals every process) changes nothing.
idle=
on_term() {
  trap '' TERM INT USR1
  log "SIGTERM: stopping the control plane"
  if [[ -n $idle ]]; then kill "$idle" 2>/dev/null || true; fi
  exit 0
}

do_serve() {
  require_user serve
  [[ -n ${HPK_IN_CONTAINER:-} ]] || die "serve runs inside the hpk-master container: '$0 start' runs it"
  trap 'trap "" TERM INT USR1; rm -f "$READY"; stop_daemons' EXIT
  trap on_term TERM INT
  trap 'log "SIGUSR1: starting what is not running"; start_daemons' USR1
  start_daemons
  : > "$READY"
  log "control plane up in its container: $API_URL, kubeconfig $LAB_STATE/admin.kubeconfig, DNS $HPK_LAB_DNS_LISTEN"
  while :; do
    sleep 5 &
    idle=$!
    wait "$idle" || true
  done
}

# ---------------------------------------------------------------- verbs

require_binaries() {
  local d
  for d in $DAEMONS; do
    [[ -x $(bin_of "$d") ]] || die "$(bin_of "$d") is missing: run '$0 install' first"
  done
}

do_install() {
  apt_install openssl curl libcap2-bin busybox-static
  "$LAB_ROOT/build-controlplane.sh" all
  install -d -o "$HPC_USER" -g "$HPC_USER" "$IMAGE_DIR"
  # The DNS port was once granted through a file capability on CoreDNS; the container cannot use one.
  setcap -r "$(bin_of coredns)" 2>/dev/null || true
}

do_pki() {
  require_user pki
  command -v openssl >/dev/null || die "openssl is missing: run '$0 install' first"
  make_pki
  write_kubeconfigs
}

# Host-side environment the container's scripts need; the image sets its own paths and versions.
container_env() {
  local v
  printf '%s\n' "--env=HPK_LAB_STATE=$LAB_STATE" "--env=HPK_LAB_CP_ADDR=$CP_ADDR" \
    "--env=HPK_LAB_DNS_LISTEN=$HPK_LAB_DNS_LISTEN" "--env=HPK_NODE_NAME=$HPK_NODE_NAME"
  for v in HPK_LAB_API_HOST HPK_LAB_DNS_UPSTREAM HPK_LAB_METRICS_PORT; do
    if [[ -n ${!v:-} ]]; then printf '%s\n' "--env=$v=${!v}"; fi
  done
}

all_daemons_running() {
  local d
  for d in $DAEMONS metrics-server; do daemon_running "$d" || return 1; done
}

do_start() {
  require_user start
  [[ -z ${HPK_IN_CONTAINER:-} ]] || die "start runs outside the container"
  local sif
  sif=$(ensure_image)
  if ! daemon_running hpk-master; then
    # Daemons left by a container that was killed, or by a lab from before the container, go first.
    stop_daemons
    rm -f "$READY"
    local env=()
    mapfile -t env < <(container_env)
    DAEMON_PROGRAM=$CONTAINER_PROGRAM start_daemon hpk-master \
      apptainer run --cleanenv --contain --bind "$LAB_STATE" "${env[@]}" "$sif"
  fi
  wait_up hpk-master 300 test -e "$READY"
  # A daemon stopped from outside (the fault tests, or a stop of an older lab) comes back.
  if ! all_daemons_running; then
    log "the container runs, but not every daemon: starting them again"
    kill -USR1 "$(head -1 "$LAB_PIDS/hpk-master.pid")"
    wait_up hpk-master 120 all_daemons_running
    wait_up hpk-master 60 apiserver_ready
  fi
  # A container that was already running applied the manifests of its own start; changed ones
  # (RBAC for a new resource, a new CRD) take effect now.
  if [[ -x $KUBECTL ]]; then apply_manifests; fi
  log "control plane up in container $(basename "$sif") (pid $(head -1 "$LAB_PIDS/hpk-master.pid")):" \
    "$API_URL, kubeconfig $LAB_STATE/admin.kubeconfig, DNS $HPK_LAB_DNS_LISTEN"
}

# The container stops its daemons on SIGTERM; whatever outlived it (a container killed hard) goes next.
do_stop() {
  require_user stop
  stop_daemon hpk-master 120
  stop_daemons
  rm -f "$READY"
}

# fault stop|start etcd|apiserver: the fault tests take a part of the control plane away and bring it back.
# The container starts it again (SIGUSR1), since only there are its binaries.
do_fault() {
  require_user fault
  local action=${1:-} part=${2:-} check
  case $part in
    etcd) check=etcd_healthy ;;
    apiserver) check=apiserver_ready ;;
    *) die "usage: $0 fault stop|start etcd|apiserver" ;;
  esac
  case $action in
    stop) if [[ $part == etcd ]]; then stop_daemon etcd; else stop_daemon kube-apiserver; fi ;;
    start)
      daemon_running hpk-master || die "the control plane's container is not running: '$0 start'"
      kill -USR1 "$(head -1 "$LAB_PIDS/hpk-master.pid")"
      wait_up hpk-master 120 "$check"
      ;;
    *) die "usage: $0 fault stop|start etcd|apiserver" ;;
  esac
}

# Exit status 0 only when the container and every daemon run and the API server is ready.
do_status() {
  local d rc=0
  for d in hpk-master $DAEMONS; do
    if daemon_running "$d"; then
      printf '%-24s running  pid %-8s log %s\n' "$d" "$(head -1 "$LAB_PIDS/$d.pid")" "$LAB_LOGS/$d.log"
    else
      printf '%-24s stopped  %-12s log %s\n' "$d" "" "$LAB_LOGS/$d.log"
      rc=1
    fi
  done
  printf 'image: %s\n' "$(image_path)"
  printf 'readyz: '
  "$KUBECTL" --kubeconfig "$LAB_STATE/admin.kubeconfig" --request-timeout=5s get --raw /readyz 2>&1 || rc=1
  echo
  return "$rc"
}

case ${1:-} in
  install) do_install ;;
  image) require_user image; ensure_image ;;
  pki) do_pki ;;
  start) do_start ;;
  serve) do_serve ;;
  stop) do_stop ;;
  status) do_status ;;
  fault) shift; do_fault "$@" ;;
  *) echo "usage: $0 install|image|start|stop|status|pki|fault|serve" >&2; exit 2 ;;
esac
