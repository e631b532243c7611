#!/usr/bin/env bash
# The fast path (issue 10): system calls and time of discovery, apply and a drift tick, per interface.
#   bash bench/fastpath.sh [NICTUNE_BINARY] [RUNS]
# For each size (33 and 257 interfaces: lo and 16 or 128 veth pairs) it builds a network namespace of its own and
#   - counts the system calls of one `detect --json` and of one `apply --profile auto` (strace -c -f),
#   - times `detect --json` RUNS times with Python's perf_counter and prints the median (and its CPU time, from
#     getrusage(RUSAGE_CHILDREN), which a loaded machine inflates less),
#   - at 257 interfaces only: runs the agent (enforce, drift-interval 1s, API off) and divides the CPU time it used
#     (utime+stime from /proc/PID/stat) over about 20 s by the number of drift passes it logged in that time.
# Needs root, iproute2, strace and python3. Everything it creates (namespaces, files) is deleted on exit; nothing
# outside the namespaces is touched: the auto profile's sysctls there are the namespace's own (tcp_rmem/wmem) or
# absent (netdev_max_backlog is host-global and so not visible in a child namespace).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/drift-cpu.sh
bin=$(realpath "${1:-artifacts/aot/nictune}")
runs=${2:-7}
dir=$(mktemp -d)
namespaces=()
agent=
cleanup() {
  if [ -n "$agent" ]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

# A namespace with lo and (N-1)/2 veth pairs, all up.
make_ns() {
  local ns=$1 count=$2
  ip netns add "$ns"
  namespaces+=("$ns")
  {
    echo "link set lo up"
    for i in $(seq 0 $(((count - 1) / 2 - 1))); do
      echo "link add fa$i type veth peer name fb$i"
      echo "link set fa$i up"
      echo "link set fb$i up"
    done
  } | ip -n "$ns" -batch -
}

# "total calls" and the busiest calls of a strace -c summary.
summary() {
  python3 - "$1" <<'PY'
import sys
rows = {}
total = None
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 5 or not parts[0].replace('.', '').isdigit():
        continue
    name = parts[-1]
    # % time, seconds, usecs/call, calls, [errors], syscall
    calls = int(parts[3])
    errors = int(parts[4]) if len(parts) == 6 else 0
    if name == "total":
        total = calls
    else:
        rows[name] = (calls, errors)
print(total)
for name, (calls, errors) in sorted(rows.items(), key=lambda r: -r[1][0])[:12]:
    print(f"{name}={calls}" + (f"({errors} failed)" if errors else ""))
PY
}

declare -A detect_total apply_total
for count in 33 257; do
  ns="nictune-fp-$$-$count"
  make_ns "$ns" "$count"
  echo "== $count interfaces ($(ip -n "$ns" -o link show | wc -l) in the namespace)"

  ip netns exec "$ns" strace -c -f -o "$dir/detect.$count" "$bin" detect --json >/dev/null
  mapfile -t lines < <(summary "$dir/detect.$count")
  detect_total[$count]=${lines[0]}
  echo "detect --json: ${lines[0]} system calls, $((lines[0] / count)) per interface; ${lines[*]:1}"

  mkdir -m 0700 "$dir/state.$count"
  ip netns exec "$ns" strace -c -f -o "$dir/apply.$count" "$bin" apply --profile auto --state-dir "$dir/state.$count" >/dev/null
  mapfile -t lines < <(summary "$dir/apply.$count")
  apply_total[$count]=${lines[0]}
  echo "apply --profile auto: ${lines[0]} system calls, $((lines[0] / count)) per interface; ${lines[*]:1}"

  ip netns exec "$ns" python3 - "$bin" "$runs" <<'PY'
import resource, statistics, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
subprocess.run([binary, "detect", "--json"], check=True, stdout=subprocess.DEVNULL)  # warm the page cache
times, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary, "detect", "--json"], check=True, stdout=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
print(f"detect --json wall time, median of {runs}: {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}); "
      f"CPU (user+sys) median {statistics.median(cpus):.1f} ms")
PY
done

echo "== marginal cost per interface (257 minus 33, over 224 interfaces); load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "detect: $(((detect_total[257] - detect_total[33]) / 224)) system calls per interface"
echo "apply:  $(((apply_total[257] - apply_total[33]) / 224)) system calls per interface"

# The drift tick: the agent at 257 interfaces, enforcing auto, a pass every second.
ns="nictune-fp-$$-257"
mkdir -m 0700 "$dir/agent-state"
cat >"$dir/agent.yaml" <<YAML
state-dir: $dir/agent-state
mode: enforce
profile: auto
drift-interval: 1s
api:
  socket: ""
YAML
# Created here, not by the background redirection, so the first look for the boot line cannot race it.
: >"$dir/agent.log"
ip netns exec "$ns" "$bin" run --config "$dir/agent.yaml" >>"$dir/agent.log" 2>&1 &
agent=$!
measured=$(drift_cpu "$dir/agent.log" "$agent")
read -r per passes seconds <<<"$measured"
echo "drift pass at 257 interfaces: $per ms of CPU per pass ($passes passes, $seconds s of CPU)"
