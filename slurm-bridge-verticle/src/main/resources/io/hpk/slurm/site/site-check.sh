# HPK's site check, run as a Slurm job of the HPC user on a compute node. One line per requirement in
# the result file: "ok NAME: detail" or "missing NAME: what is wrong and what the site must provide".
# Set above by SiteCheckScript: hpk_check_dir hpk_apptainer hpk_network hpk_network_helper.
node=$(hostname) user=$(id -un)
cd -- "$hpk_check_dir" || exit 1
: > result.tmp || exit 1

ok() { printf 'ok %s: %s\n' "$1" "$2" >> result.tmp; }
missing() { printf 'missing %s: %s\n' "$1" "$2" >> result.tmp; }

ok shared-work-dir "$node writes $hpk_check_dir"

if version=$("$hpk_apptainer" --version 2>&1); then
  ok apptainer "$version on $node"
else
  missing apptainer "'$hpk_apptainer' does not run on $node (${version:-not found}): install Apptainer on every compute node or set slurm.apptainer"
fi

if out=$(unshare --user --map-root-user --map-auto true 2>&1); then
  ok user-namespace "$user gets a user namespace with its subordinate ids on $node"
else
  missing user-namespace "unshare --map-root-user --map-auto fails for $user on $node (${out//$'\n'/ }): containers need unprivileged user namespaces, /etc/subuid and /etc/subgid ranges for $user and newuidmap/newgidmap (Debian package uidmap)"
fi

# A real sandbox, attached and released the way a pod's job does it.
if [[ -n $hpk_network ]]; then
  unshare --user --map-root-user --map-auto --net sleep 60 &
  sandbox=$!
  sleep 0.2
  id=hpk-site-check-${SLURM_JOB_ID:-$$}
  if out=$(sudo -n "$hpk_network_helper" add "$id" "$sandbox" 2>&1) && [[ $out == *'"address"'* ]]; then
    address=${out#*\"address\": \"}
    ok pod-network "$hpk_network_helper gives a sandbox on $node the address ${address%%\"*}"
    sudo -n "$hpk_network_helper" del "$id" > /dev/null 2>&1
  else
    missing pod-network "'sudo -n $hpk_network_helper add' fails for $user on $node (${out//$'\n'/ }): the site installs the pod-network helper and its sudo rule on every compute node, or slurm.network stays empty and pods use the host network"
  fi
  kill "$sandbox" 2> /dev/null
fi

mv -f result.tmp result
