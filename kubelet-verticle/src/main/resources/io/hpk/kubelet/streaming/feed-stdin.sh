# shellcheck shell=bash
# bash -c "$(<feed-stdin.sh)" NAME FIFO: copies stdin into the container's stdin FIFO.
[[ -p $1 ]] || { echo "hpk: the container was not started with stdin: true" >&2; exit 1; }
exec cat > "$1"
