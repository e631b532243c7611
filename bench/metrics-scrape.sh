#!/usr/bin/env bash
# Scrape cost of nictune's /metrics against node_exporter with its network collectors, in the same network
# namespace, in the same run: 32 veth pairs (64 interfaces), N scrapes of each, curl's time_total per scrape.
#   bash bench/metrics-scrape.sh [NICTUNE_BINARY] [SCRAPES]
# Needs root, iproute2, curl and Debian's prometheus-node-exporter. Prints the medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-artifacts/aot/nictune}
scrapes=${2:-200}
ns="nictune-bench-$$"
dir=$(mktemp -d)
cleanup() {
  for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
for i in $(seq 0 31); do
  ip -n "$ns" link add "bv$i" numtxqueues 2 numrxqueues 2 type veth peer name "bw$i" numtxqueues 2 numrxqueues 2
  ip -n "$ns" link set "bv$i" up
  ip -n "$ns" link set "bw$i" up
done
echo "interfaces: $(ip -n "$ns" -o link show | grep -c -v ' lo:')"

cat >"$dir/agent.yaml" <<YAML
state-dir: $dir/state
mode: observe
drift-interval: 1h
metrics:
  listen: ["127.0.0.1:10910"]
YAML
ip netns exec "$ns" "$bin" run --config "$dir/agent.yaml" >"$dir/nictune.log" 2>&1 &
ip netns exec "$ns" prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
  --collector.netdev --collector.netclass --collector.ethtool --collector.softnet >"$dir/node.log" 2>&1 &

wait_up() { for _ in $(seq 100); do ip netns exec "$ns" curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }
wait_up http://127.0.0.1:10910/metrics
wait_up http://127.0.0.1:9100/metrics

# Alternating scrapes, so both see the same load on the machine.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: >"$dir/nictune.times"; : >"$dir/node.times"
for _ in $(seq "$scrapes"); do
  ip netns exec "$ns" curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:10910/metrics >>"$dir/nictune.times"
  ip netns exec "$ns" curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:9100/metrics >>"$dir/node.times"
done
nictune=$(median <"$dir/nictune.times")
node=$(median <"$dir/node.times")
echo "nictune samples: $(ip netns exec "$ns" curl -s http://127.0.0.1:10910/metrics | grep -vc '^#')"
echo "node_exporter samples: $(ip netns exec "$ns" curl -s http://127.0.0.1:9100/metrics | grep -vc '^#')"
awk -v a="$nictune" -v b="$node" -v n="$scrapes" 'BEGIN {
  printf "median scrape over %d scrapes: nictune %.2f ms, node_exporter %.2f ms, ratio %.3f (nictune / node_exporter)\n", n, a*1000, b*1000, a/b }'
# Resident memory of both after the same scrapes: the footprint a scraped agent costs each VM.
rss() {
  for pid in $(ip netns pids "$ns"); do
    if [ "$(cat "/proc/$pid/comm")" = "$1" ]; then awk '/VmRSS/ {print $2}' "/proc/$pid/status"; return 0; fi
  done
  echo "no $1 process in $ns" >&2; return 1
}
# /proc/PID/comm keeps 15 characters: prometheus-node-exporter reads as prometheus-node.
nictune_rss=$(rss nictune); node_rss=$(rss prometheus-node)
awk -v a="$nictune_rss" -v b="$node_rss" 'BEGIN {
  printf "RSS after the scrapes: nictune %.1f MB, node_exporter %.1f MB, ratio %.2f (nictune / node_exporter)\n", a/1024, b/1024, a/b }'
