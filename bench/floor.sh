#!/usr/bin/env bash
# The floor: nictune's mandated stack alone (bench/peers/floor: Hosting + Systemd, grpc-dotnet on Kestrel, prometheus-net,
# nictune's NativeAOT switches, none of its engine), measured in one run beside nictune and node_exporter:
#   bash bench/floor.sh [NICTUNE_BINARY]     (default artifacts/aot/nictune; RUNS=15, ROUNDS=3, SCRAPES=10, IDLE=5,
#                                             PAIRS=16; SKIP_PUBLISH=1 reuses artifacts/floor)
# Publishes the floor, floor-full (the floor plus System.Text.Json source generation, YamlDotNet and Polly) and
# floor-tls (floor-full plus the API's optional mutual-TLS listener, configured off) into artifacts/floor with ILC's
# map file, prints the binaries' sizes and their size maps (bench/size-map.py); then,
# in a network namespace this script creates and deletes (lo and PAIRS veth pairs with 4 queues each: 33 interfaces),
# bench/peers/floor/measure.py measures exec -> READY=1 and -> the first answer of /metrics (wall, CPU, minor faults;
# alternating with node_exporter's first answer and tuned's one-shot run) and the idle footprint after SCRAPES scrapes
# of /metrics of the three floors, nictune (`run`, observe mode, the API socket and /metrics on, as
# bench/idle-memory.sh configures it) and node_exporter (network collectors only). bench/README.md, "The floor: the mandated stack alone", has one run's figures.
# Needs root, the .NET SDK, iproute2, python3, tuned and Debian's prometheus-node-exporter.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-artifacts/aot/nictune}")
out=$PWD/artifacts/floor
native=bench/peers/floor/obj/Release/net10.0/linux-x64/native
if [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  dotnet publish bench/peers/floor -r linux-x64 -c Release -o "$out/floor" -nologo -v quiet -p:IlcGenerateMapFile=true
  dotnet publish bench/peers/floor -r linux-x64 -c Release -o "$out/floor-full" -nologo -v quiet \
    -p:IlcGenerateMapFile=true -p:FloorFull=true
  dotnet publish bench/peers/floor -r linux-x64 -c Release -o "$out/floor-tls" -nologo -v quiet \
    -p:IlcGenerateMapFile=true -p:FloorTls=true
fi
ns="nictune-floor-$$"
dir=$(mktemp -d /tmp/nictune-floor.XXXXXX)
. bench/lib/setup.sh
trap 'remove_namespaces "$dir" "$ns"' EXIT

node=$(command -v prometheus-node-exporter)
echo "binaries (bytes): $(for b in "$out/floor/floor" "$out/floor-full/floor-full" "$out/floor-tls/floor-tls" "$bin" "$node"; do
  printf '%s %s; ' "$(basename "$b")" "$(stat -c %s "$b")"; done)"
for v in floor floor-full floor-tls; do
  mkdir "$dir/map-$v"
  ln -s "$PWD/$native/$v.map.xml" "$dir/map-$v/nictune.map.xml"   # the name bench/size-map.py reads
  echo "size map of $v (bench/size-map.py; its \"nictune\" row is the peer's own classes):"
  python3 bench/size-map.py "$dir/map-$v"
done

veth_namespace "$ns" "${PAIRS:-16}" fl fm
echo "interfaces: $(ip -n "$ns" -o link show | wc -l)"
observe_config "$dir"
tuned_one_shot "$dir" "what the nictune floor benchmark tunes" "fl*,fm*"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ip netns exec "$ns" python3 bench/peers/floor/measure.py "$dir" "$node" "$dir/tuned.sh" \
  "floor:10911=$out/floor/floor $dir/floor.sock 10911" \
  "floor-full:10912=$out/floor-full/floor-full $dir/floor-full.sock 10912" \
  "floor-tls:10913=$out/floor-tls/floor-tls $dir/floor-tls.sock 10913" \
  "nictune:10910=$bin run --config $dir/observe.yaml"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
