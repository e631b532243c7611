#!/usr/bin/env bash
# Start-up time (exec -> READY=1) and idle memory of `nictune run` on 33 interfaces (lo and 16 veth pairs with 4
# queues each; PAIRS=32 for 65), in a network namespace this script creates and deletes, with the API socket and
# /metrics on:
#   bash bench/startup-footprint.sh [NICTUNE_BINARY]      (RUNS=15 repetitions after one warm-up; SCRAPES=20; PAIRS=16)
# Last, the cost of each start-up phase (CPU time, minor page faults, system calls, fsyncs: startup_footprint.py's
# `phases`), and the system calls per interface of detect, plan, apply and the daemon's start (the same steps in a
# second namespace with twice the pairs: 65 interfaces beside 33); PHASES_ONLY=1 runs only these counts.
# First the one-shot `nictune apply --profile auto` (each from the namespace's originals) alternating with tuned's
# one-shot run; then observe mode, then enforce mode (a profile of per-namespace sysctls and veth features, channels
# and txqueuelen, with on-stop: restore-baseline so that every start applies it again), then the footprint beside
# node_exporter.
# The peers, measured in the same run: tuned's one-shot run (Debian's tuned 2.20, `tuned --no-dbus --no-socket -p
# bench` with daemon = 0) of the equivalent profile for time, and node_exporter (network collectors only) for memory.
# Needs root, iproute2, python3, tuned and Debian's prometheus-node-exporter. Prints one JSON line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-artifacts/aot/nictune}")
pairs=${PAIRS:-16}
ns="nictune-fp-$$"
ns2="nictune-fp2-$$"   # twice the pairs, for the counts per interface
dir=$(mktemp -d /tmp/nictune-fp.XXXXXX)
. bench/lib/setup.sh
trap 'remove_namespaces "$dir" "$ns" "$ns2"' EXIT

veth_namespace "$ns" "$pairs" fp fq
echo "interfaces: $(ip -n "$ns" -o link show | wc -l)"

mkdir -p "$dir/profiles"
# The shipped profiles (auto and the class profiles it extends) beside the benchmark's own.
cp packaging/profiles/*.yaml "$dir/profiles/"
# Only per-namespace sysctls: the host's own values are never touched.
cat >"$dir/profiles/bench.yaml" <<'YAML'
name: bench
description: what the start-up benchmark tunes on veths
sysctl:
  net.core.somaxconn: 8192
  net.ipv4.tcp_slow_start_after_idle: 0
interfaces:
  - match: { driver: [veth] }
    features: { gro: on, tso: off }
    channels: { rx: 2, tx: 2 }
    txqueuelen: 5000
YAML
config() {
  cat >"$dir/$1.yaml" <<YAML
state-dir: $dir/state-$1
profile: bench
mode: $1
drift-interval: 1h
on-stop: $2
metrics:
  listen: ["127.0.0.1:10910"]
api:
  socket: $dir/api.sock
YAML
}
config observe keep
config enforce restore-baseline
# The daemon with neither the API nor /metrics: what the web server adds to a start is the difference.
sed -e 's/^  listen: .*/  listen: []/' -e 's|^  socket: .*|  socket: ""|' "$dir/observe.yaml" >"$dir/observe-bare.yaml"

# tuned's equivalent profile, one-shot (bench/lib/setup.sh says how it is kept off the host).
tuned_one_shot "$dir" "what the nictune start-up benchmark tunes" "fp*,fq*"

export NICTUNE_PROFILE_PATH="$dir/profiles"
run() { ip netns exec "$ns" python3 bench/startup_footprint.py "$bin" "$@"; }
echo "binary: $bin ($(stat -c %s "$bin") bytes)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
counts() {
  echo "phases (each a step further along the same path; a phase is a row minus the one above it):"
  ip netns exec "$ns" python3 bench/startup_footprint.py phases "$bin" "$dir"
  veth_namespace "$ns2" $((2 * pairs)) fp fq
  echo "system calls per interface ($(ip -n "$ns" -o link show | wc -l) and $(ip -n "$ns2" -o link show | wc -l) interfaces):"
  small=$(ip netns exec "$ns" python3 bench/startup_footprint.py syscalls "$bin" "$dir")
  large=$(ip netns exec "$ns2" python3 bench/startup_footprint.py syscalls "$bin" "$dir")
  python3 bench/startup_footprint.py per-interface "$small" "$large"
}
if [ "${PHASES_ONLY:-0}" = 1 ]; then
  counts
  exit 0
fi
echo "tuned one-shot exec->exit: $(ip netns exec "$ns" python3 bench/startup_footprint.py one-shot unshare -m --propagation private bash "$dir/tuned.sh")"
echo "apply --profile auto and tuned one-shot, alternating: $(ip netns exec "$ns" python3 bench/startup_footprint.py apply-against-tuned "$bin" "$dir" unshare -m --propagation private bash "$dir/tuned.sh")"
echo "observe exec->READY: $(run "$dir/observe.yaml" "$dir" time)"
echo "enforce exec->READY: $(run "$dir/enforce.yaml" "$dir" time)"
echo "observe footprint (KiB): $(run "$dir/observe.yaml" "$dir" footprint "$(command -v prometheus-node-exporter)")"
counts
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
