#!/usr/bin/env bash
# Stand-ins for a site's DNS servers: two dnsmasq instances on loopback serving the test zone site.test
# with different answers, so tests can see which upstream CoreDNS forwards to. 192.0.2.0/24 is a
# documentation range: it only ever appears in answers, nothing connects to it.
source "$(dirname "$0")/lib.sh"

SITES=("5353 192.0.2.10" "5354 192.0.2.20")

cmd_install() {
  # dnsmasq-base is the binary alone; the dnsmasq package would start a system resolver on port 53.
  apt_install dnsmasq-base
}

cmd_start() {
  local site port answer
  for site in "${SITES[@]}"; do
    read -r port answer <<<"$site"
    start_daemon "sitedns-$port" /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts \
      --port="$port" --listen-address=127.0.0.1 --bind-interfaces --user=root \
      --pid-file="$SITE_STATE/sitedns-$port.pid" \
      --host-record="files.site.test,$answer" --address="/wild.site.test/$answer"
  done
}

cmd_stop() {
  local site
  for site in "${SITES[@]}"; do stop_daemon "sitedns-${site%% *}"; done
}

cmd_status() {
  local site
  for site in "${SITES[@]}"; do
    if daemon_running "sitedns-${site%% *}"; then
      echo "sitedns   127.0.0.1:${site%% *} answers files.site.test with ${site##* } (log $LAB_LOGS/sitedns-${site%% *}.log)"
    else
      echo "sitedns   127.0.0.1:${site%% *} not running"
    fi
  done
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
