#!/usr/bin/env bash
# The plan/apply engine path (issue 10, "engine" section of bench/README.md): one-shot apply and plan on 33
# interfaces (lo and 16 veth pairs with 4 queues each), in a network namespace this script creates and deletes.
#   bash bench/engine-path.sh [NICTUNE_BINARY...]      (RUNS=15 repetitions after 2 warm-ups; DRIFT=1 adds the
#                                                     daemon's drift pass with a long history, at the end)
# With several binaries (before and after) every measurement alternates between them, so both see the same load.
# For each binary:
#   - apply: `apply --profile bench-a|bench-b --state-dir DIR`, switching profile every time (every setting changes);
#   - auto: `apply --profile auto --state-dir DIR` on a tuned namespace (nothing left to change: the drift case);
#   - plan50: `plan --profile bench-a --json --state-dir DIR` with a 50-record history (50 switches made before);
#   - syscalls: per interface as SyscallBudgetTests counts them (2 vs 32 veth pairs), and `strace -c -f` of one
#     switching apply on the 33 interfaces: total, ioctls, fsyncs.
# Wall time by Python's perf_counter, median (min-max). Needs root, iproute2, strace and python3. Only the
# namespace's own sysctls and interfaces are changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/drift-cpu.sh
bins=()
for b in "${@:-artifacts/aot/nictune}"; do bins+=("$(realpath "$b")"); done
runs=${RUNS:-15}
ns="nictune-ep-$$"
dir=$(mktemp -d /tmp/nictune-ep.XXXXXX)
agent=
cleanup() {
  if [ -n "$agent" ]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  for n in "$ns" "$ns-drift"; do ip netns delete "$n" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

# make_ns NAME PAIRS PREFIX: a namespace with lo and PAIRS veth pairs PREFIXa<i>/PREFIXb<i>, 4 queues each way, all up.
make_ns() {
  ip netns add "$1"
  {
    echo "link set lo up"
    for i in $(seq 0 $(($2 - 1))); do
      echo "link add ${3}a$i numtxqueues 4 numrxqueues 4 type veth peer name ${3}b$i numtxqueues 4 numrxqueues 4"
      echo "link set ${3}a$i up"
      echo "link set ${3}b$i up"
    done
  } | ip -n "$1" -batch -
}

make_ns "$ns" 16 e
count=$(ip -n "$ns" -o link show | wc -l)

mkdir -p "$dir/profiles"
# bench/lib/common.py's profiles A and B over every veth: A changes every default of a fresh veth, B is the defaults.
profile() {
  cat >"$dir/profiles/bench-$1.yaml" <<YAML
name: bench-$1
description: engine-path benchmark profile $1
sysctl:
  net.core.somaxconn: $2
  net.ipv4.tcp_rmem: "$3"
  net.ipv4.tcp_wmem: "$4"
interfaces:
  - match: { driver: [veth] }
    features: { tso: $5, gso: $5 }
    channels: { rx: $6, tx: $6 }
    txqueuelen: $7
YAML
}
profile a 8192 "4096 131072 16777216" "4096 16384 16777216" off 1 10000
profile b 4096 "4096 131072 6291456" "4096 16384 4194304" on 2 1000

echo "interfaces: $count; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
ip netns exec "$ns" python3 - "$dir" "$runs" "${bins[@]}" <<'PY'
import os, statistics, subprocess, sys, time
work, runs, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def state(i, name):
    path = os.path.join(work, f"state-{i}-{name}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path

def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000

def line(label, times):
    return f"{label}: median {statistics.median(times):.1f} ms ({min(times):.1f}-{max(times):.1f})"

# Each binary has its own state directories; the namespace is shared, so every apply below switches profiles.
results = {b: {"apply": [], "auto": [], "plan50": []} for b in bins}
current = "b"
for i, b in enumerate(bins):
    for n in range(50):   # the 50-record history plan50 reads
        subprocess.run([b, "apply", "--profile", f"{work}/profiles/bench-{'ab'[n % 2]}.yaml", "--state-dir", state(i, "plan50")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([b, "apply", "--profile", "auto", "--state-dir", state(i, "auto")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for rep in range(runs + 2):
    for i, b in enumerate(bins):
        current = "a" if current == "b" else "b"
        t = timed([b, "apply", "--profile", f"{work}/profiles/bench-{current}.yaml", "--state-dir", state(i, "apply")])
        a = timed([b, "apply", "--profile", "auto", "--state-dir", state(i, "auto")])
        p = timed([b, "plan", "--profile", f"{work}/profiles/bench-a.yaml", "--json", "--state-dir", state(i, "plan50")])
        if rep >= 2:
            results[b]["apply"].append(t)
            results[b]["auto"].append(a)
            results[b]["plan50"].append(p)
for b in bins:
    r = results[b]
    print(b)
    print("  " + line("apply bench-a|bench-b (switch)", r["apply"]))
    print("  " + line("apply auto (nothing to change)", r["auto"]))
    print("  " + line("plan bench-a --json, 50-record history", r["plan50"]))
PY

# System calls per interface as tests/Nictune.IntegrationTests/Detect/SyscallBudgetTests.cs counts them: one apply in a
# fresh namespace of 2 and of 32 veth pairs (4 queues each way), (calls(32) - calls(2)) / 60, so that what a process
# does once cancels out. "auto" leaves veths alone (its cost is discovery's); bench-a changes every veth setting.
marginal() {
  local b=$1 profile=$2 pairs n t=() d
  for pairs in 2 32; do
    n="nictune-ep-$$-m$pairs"
    make_ns "$n" "$pairs" m
    d=$(mktemp -d "$dir/m.XXXXXX")
    ip netns exec "$n" strace -c -f -o "$d/s" "$b" apply --profile "$profile" --state-dir "$d/state" --local >/dev/null 2>&1
    ip netns delete "$n"
    t+=("$(awk '$NF == "total" { print $4 }' "$d/s")")
  done
  python3 -c "print(f'{(${t[1]} - ${t[0]}) / 60:.1f}')"
}

for i in "${!bins[@]}"; do
  b=${bins[$i]}
  echo "$b: system calls per interface (2 vs 32 veth pairs): apply auto $(marginal "$b" auto)," \
    "apply bench-a (every veth setting changes) $(marginal "$b" "$dir/profiles/bench-a.yaml")"
done

for i in "${!bins[@]}"; do
  b=${bins[$i]}
  s="$dir/strace-$i"
  mkdir -m 0700 "$dir/state-strace-$i"
  for p in a b; do ip netns exec "$ns" "$b" apply --profile "$dir/profiles/bench-$p.yaml" --state-dir "$dir/state-strace-$i" >/dev/null 2>&1; done
  ip netns exec "$ns" strace -c -f -o "$s" "$b" apply --profile "$dir/profiles/bench-a.yaml" --state-dir "$dir/state-strace-$i" >/dev/null
  total=$(awk '$NF == "total" { print $(NF-2) ~ /^[0-9]+$/ ? $(NF-2) : $(NF-1) }' "$s")
  calls() { awk -v n="$1" '$NF == n { print ($5 ~ /^[0-9]+$/ && NF == 6) ? $4 : $4 }' "$s"; }
  echo "$b: apply switch under strace -c -f: $total calls, $((total / count)) per interface;" \
    "ioctl $(calls ioctl), openat $(calls openat), read $(calls read), fsync $(calls fsync), fdatasync $(calls fdatasync)"
done

# DRIFT=1: the daemon's drift pass at 257 interfaces (lo and 128 veth pairs, 4 queues each way) with a long history.
# The state directory first gets 50 switching applies of profiles A and B restricted to the 128 "da*" veths (a record
# of about 130 KB, under the 256 KiB record bound, so both history files fill to their bounds, about 2 MiB); then the
# agent runs it (enforce, that restricted A, drift-interval 1s, API off) for 20 s: CPU per pass is utime+stime from
# /proc/PID/stat over the passes it logged.
if [ "${DRIFT:-0}" = 1 ]; then
  for p in a b; do
    sed -e "s/name: bench-$p/name: drift-$p/" -e 's/match: { driver: \[veth\] }/match: { name: "da*" }/' \
      "$dir/profiles/bench-$p.yaml" >"$dir/profiles/drift-$p.yaml"
  done
  dn="$ns-drift"
  make_ns "$dn" 128 d
  for i in "${!bins[@]}"; do
    b=${bins[$i]}
    state="$dir/drift-state-$i"
    mkdir -m 0700 "$state"
    for n in $(seq 50); do
      p=$([ $((n % 2)) = 0 ] && echo a || echo b)
      ip netns exec "$dn" "$b" apply --profile "$dir/profiles/drift-$p.yaml" --state-dir "$state" --local >/dev/null 2>&1
    done
    history=$(cat "$state"/history*.jsonl | wc -c)
    cat >"$dir/drift-$i.yaml" <<YAML
state-dir: $state
mode: enforce
profile: drift-a
drift-interval: 1s
api:
  socket: ""
YAML
    : >"$dir/drift-$i.log"
    NICTUNE_PROFILE_PATH="$dir/profiles" ip netns exec "$dn" "$b" run --config "$dir/drift-$i.yaml" >>"$dir/drift-$i.log" 2>&1 &
    agent=$!
    measured=$(drift_cpu "$dir/drift-$i.log" "$agent")
    read -r per passes _ <<<"$measured"
    kill "$agent"; wait "$agent" 2>/dev/null || true
    agent=
    echo "$b: drift pass at 257 interfaces, history $history bytes: $per ms of CPU per pass ($passes passes)"
  done
  ip netns delete "$dn"
fi
