#!/usr/bin/env bash
# The lab's compute nodes and their networks (site admin, root): one network namespace per node
# (hpk-c1 ... hpk-cN) on the lab bridge, and a routed pod network across them, as flannel's host-gw
# backend would set it up:
#   lab bridge  hpklab0  10.250.0.0/24   login node (this host's own namespace) 10.250.0.1, node cN 10.250.0.(10+N)
#   pod subnet  node cN  10.244.N.0/24   bridge hpk0 inside cN's namespace, gateway 10.244.N.1
# Every node routes the other nodes' pod subnets through their node addresses; the login node routes all
# of them, so the HPK JVM (port-forward) and CoreDNS (on 10.250.0.1) reach every pod and pods reach them.
# Per node, $SITE_STATE/nodes/cN holds what slurm.sh binds into that node's mount namespace at
# /var/lib/hpk-node: its hosts file and its CNI configuration (apptainer.conf points there).
# Usage: nodes.sh install|start|stop|status
source "$(dirname "$0")/lib.sh"

LAB_BRIDGE=hpklab0
POD_BRIDGE=hpk0
NODE_COUNT="${HPK_LAB_NODES:-3}"

node_names() { local n; for ((n = 1; n <= NODE_COUNT; n++)); do echo "c$n"; done; }
node_addr() { echo "$LAB_NET_PREFIX.$((10 + ${1#c}))"; }
node_subnet() { echo "10.244.${1#c}.0/24"; }
node_gateway() { echo "10.244.${1#c}.1"; }
netns_of() { echo "hpk-$1"; }
node_dir() { echo "$SITE_STATE/nodes/$1"; }
in_node() { local node=$1; shift; ip netns exec "$(netns_of "$node")" "$@"; }

ensure_lab_bridge() {
  ip link show "$LAB_BRIDGE" >/dev/null 2>&1 || ip link add "$LAB_BRIDGE" type bridge
  [[ $(ip -4 -o addr show dev "$LAB_BRIDGE") == *"inet $LOGIN_ADDR/"* ]] \
    || ip addr add "$LOGIN_ADDR/24" dev "$LAB_BRIDGE"
  ip link set "$LAB_BRIDGE" up
}

# ensure_node NODE: its namespace, the veth to the lab bridge, its pod bridge, forwarding.
ensure_node() {
  local node=$1 ns veth
  ns=$(netns_of "$node") veth="hpkv-$node"
  [[ -e /run/netns/$ns ]] || ip netns add "$ns"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$veth" master "$LAB_BRIDGE" up
  in_node "$node" ip link set lo up
  [[ $(in_node "$node" ip -4 -o addr show dev eth0) == *"inet $(node_addr "$node")/"* ]] \
    || in_node "$node" ip addr add "$(node_addr "$node")/24" dev eth0
  in_node "$node" ip link set eth0 up
  in_node "$node" ip link show "$POD_BRIDGE" >/dev/null 2>&1 || in_node "$node" ip link add "$POD_BRIDGE" type bridge
  [[ $(in_node "$node" ip -4 -o addr show dev "$POD_BRIDGE") == *"inet $(node_gateway "$node")/"* ]] \
    || in_node "$node" ip addr add "$(node_gateway "$node")/24" dev "$POD_BRIDGE"
  in_node "$node" ip link set "$POD_BRIDGE" up
  in_node "$node" sysctl -qw net.ipv4.ip_forward=1
}

# Plain routes (flannel host-gw): every pod subnet via its node, from the login node and from every node.
ensure_routes() {
  local node other
  for other in $(node_names); do
    ip route replace "$(node_subnet "$other")" via "$(node_addr "$other")" dev "$LAB_BRIDGE"
    for node in $(node_names); do
      [[ $node == "$other" ]] && continue
      in_node "$node" ip route replace "$(node_subnet "$other")" via "$(node_addr "$other")" dev eth0
    done
  done
}

hosts_file() {
  local node
  grep -vE '[[:space:]]c[0-9]+$' /etc/hosts
  echo "# the lab cluster (deploy/lab/nodes.sh)"
  echo "$LOGIN_ADDR $(hostname)"
  for node in $(node_names); do echo "$(node_addr "$node") $node"; done
}

# The pod network of one node: addresses from its own subnet, routes to the rest of the cluster's pod
# network and to the node network (CoreDNS and the login node at 10.250.0.1) through its bridge;
# no default route and no masquerading, so nothing a pod sends leaves the lab.
node_conflist() {
  local node=$1
  cat <<EOF
{
    "cniVersion": "1.0.0",
    "name": "hpk-bridge",
    "plugins": [
        {
            "type": "bridge",
            "bridge": "$POD_BRIDGE",
            "isGateway": true,
            "ipMasq": false,
            "ipam": {
                "type": "host-local",
                "subnet": "$(node_subnet "$node")",
                "gateway": "$(node_gateway "$node")",
                "routes": [
                    {"dst": "10.244.0.0/16", "gw": "$(node_gateway "$node")"},
                    {"dst": "$LAB_NET_PREFIX.0/24", "gw": "$(node_gateway "$node")"}
                ],
                "dataDir": "$NODE_LOCAL_DIR/ipam"
            }
        },
        {
            "type": "portmap",
            "capabilities": {"portMappings": true}
        }
    ]
}
EOF
}

write_node_files() {
  local node dir
  mkdir -p "$NODE_LOCAL_DIR"
  for node in $(node_names); do
    dir=$(node_dir "$node")
    mkdir -p "$dir/cni" "$dir/ipam"
    hosts_file > "$dir/hosts"
    node_conflist "$node" > "$dir/cni/05_hpk-bridge.conflist"
    chmod -R a+rX "$dir"
  done
}

# The site's grant of the DNS port to the user's cluster DNS: the control plane runs in an unprivileged
# container (controlplane.sh), where nothing can bind a port below 1024 on the host's network (its user
# namespace has no capability there, and a file capability on CoreDNS is void in it), so CoreDNS listens on
# $CLUSTER_DNS_PORT and port 53 of the login node's lab address, and of each node's (for a control plane that
# runs in a Slurm job: deploy/slurm/hpk.sbatch), is forwarded to it: PREROUTING for what arrives over the
# lab bridge, OUTPUT for what the machine itself sends. Pods' resolv.conf cannot name another port.
ensure_dns_port() {
  local addr=$1 chain proto rule
  shift
  for chain in PREROUTING OUTPUT; do
    for proto in udp tcp; do
      rule=(-d "$addr/32" -p "$proto" --dport 53 -j DNAT --to-destination "$addr:$CLUSTER_DNS_PORT")
      "$@" iptables -w -t nat -C "$chain" "${rule[@]}" 2>/dev/null || "$@" iptables -w -t nat -A "$chain" "${rule[@]}"
    done
  done
}

POD_NETWORK_HELPER=/usr/local/libexec/hpk/pod-network

# The node's pod-network helper (root) and the one sudo rule that lets the HPC user run it.
install_pod_network_helper() {
  install -D -o root -g root -m 0755 "$LAB_ROOT/pod-network" "$POD_NETWORK_HELPER"
  printf '# Written by deploy/lab/nodes.sh: pods of %s attach their sandboxes to the node network.\n%s ALL=(root) NOPASSWD: %s\n' \
    "$HPC_USER" "$HPC_USER" "$POD_NETWORK_HELPER" > /etc/sudoers.d/hpk-pod-network.tmp
  chmod 0440 /etc/sudoers.d/hpk-pod-network.tmp
  visudo -cqf /etc/sudoers.d/hpk-pod-network.tmp || die "invalid sudoers rule for $POD_NETWORK_HELPER"
  mv /etc/sudoers.d/hpk-pod-network.tmp /etc/sudoers.d/hpk-pod-network
}

cmd_install() {
  apt_install iproute2 util-linux sudo jq containernetworking-plugins iptables
  ensure_hpc_user
  install_pod_network_helper
  write_node_files
  log "nodes installed: $(node_names | tr '\n' ' ')(files in $SITE_STATE/nodes)"
}

cmd_start() {
  local node
  write_node_files
  ensure_lab_bridge
  for node in $(node_names); do ensure_node "$node"; done
  ensure_routes
  ensure_dns_port "$LOGIN_ADDR"
  for node in $(node_names); do ensure_dns_port "$(node_addr "$node")" in_node "$node"; done
  log "nodes up: $(for node in $(node_names); do printf '%s=%s(pods %s) ' "$node" "$(node_addr "$node")" "$(node_subnet "$node")"; done)"
}

# The namespaces stay (slurm.sh stops the daemons in them); `down --purge` removes them too.
cmd_stop() { :; }

cmd_purge() {
  local node
  for node in $(node_names); do
    ip link del "hpkv-$node" 2>/dev/null || true
    ip netns del "$(netns_of "$node")" 2>/dev/null || true
  done
  ip link del "$LAB_BRIDGE" 2>/dev/null || true
}

cmd_status() {
  local node
  for node in $(node_names); do
    if [[ -e /run/netns/$(netns_of "$node") ]]; then
      printf '%-4s netns %-7s %-12s pods %s\n' "$node" "$(netns_of "$node")" "$(node_addr "$node")" "$(node_subnet "$node")"
    else
      printf '%-4s not set up\n' "$node"
    fi
  done
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  purge) cmd_purge ;;
  status) cmd_status ;;
  names) node_names ;;
  addr) node_addr "$2" ;;
  *) die "usage: $0 install|start|stop|purge|status|names|addr NODE" ;;
esac
