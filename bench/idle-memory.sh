#!/usr/bin/env bash
# Idle memory of `nictune run` against node_exporter, and where it goes, in one run:
#   bash bench/idle-memory.sh [VARIANT ...]      (ROUNDS=3, SCRAPES=10,20, IDLE=5 seconds, PAIRS=16)
# A VARIANT is a binary, optionally preceded by environment variables for it, as one argument:
#   bash bench/idle-memory.sh /work/aot-base/nictune "DOTNET_GCgen0size=0x40000 /work/aot-base/nictune"
# (default: artifacts/aot/nictune). In a network namespace this script creates and deletes (lo and PAIRS veth pairs
# with 4 queues each: 33 interfaces by default), each round starts, for each variant in turn, node_exporter with its
# network collectors (netdev, netclass, ethtool, softnet) and the variant in observe mode with the API socket and
# /metrics on; both are scraped up to each count in SCRAPES (a comma-separated list: one start, a reading at each
# count; 20 is bench/startup-footprint.sh's count) and read from /proc (bench/idle_memory.py says what and how). Prints
# one JSON line per variant, round and count, and a `summary` line per variant and count (medians, ratios to
# node_exporter).
# Needs root, iproute2, python3 and Debian's prometheus-node-exporter.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- artifacts/aot/nictune
ns="nictune-mem-$$"
dir=$(mktemp -d /tmp/nictune-mem.XXXXXX)
. bench/lib/setup.sh
trap 'remove_namespaces "$dir" "$ns"' EXIT

veth_namespace "$ns" "${PAIRS:-16}" im iq
observe_config "$dir"
node=$(command -v prometheus-node-exporter)
echo "interfaces: $(ip -n "$ns" -o link show | wc -l); node_exporter: $node ($(stat -c %s "$node") bytes)"
for v in "$@"; do b=${v##* }; echo "variant: $v ($(stat -c %s "$b") bytes)"; done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
SCRAPES=${SCRAPES:-10,20} ip netns exec "$ns" python3 bench/idle_memory.py "$dir/observe.yaml" "$dir" "$node" "$@"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
