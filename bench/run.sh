#!/usr/bin/env bash
# nictune against the tools operators use today, side by side in the same run (bench/README.md):
#   bash bench/run.sh [--dry-run] [--reps N] [--warmup N] [--bin PATH] [--duration SECONDS] [--sizes 1,16,64] [SCENARIO...]
# Scenarios: ready (time to tuned), apply (apply cost as the work grows), footprint (RSS, idle CPU, binary size),
# scrape (/metrics against node_exporter), grpc (the API against grpcio and C++ servers). Default: all of them.
# Results: bench/results/<date>-<scenario>.json and .md. `--dry-run` lists what each scenario would run.
#
# Needs root: every measurement runs in network namespaces this script creates and deletes (a trap deletes whatever
# is left on any exit), and the whole run is in a mount namespace of its own where /etc/tuned and /run/tuned are
# private temporary directories, so tuned's configuration on the host is never read or written.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=/usr/bin/python3   # Debian's, with python3-grpcio (the gRPC peer) and tuned's modules
export PYTHONDONTWRITEBYTECODE=1

for arg in "$@"; do
  case "$arg" in
    -h|--help|--dry-run) exec "$python" "$repo/bench/lib/bench.py" "$@" ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/run.sh: needs root (network namespaces, tuned); '--dry-run' lists what it would run" >&2
  exit 2
fi

# The tools the scenarios use, by the Debian package that has each.
declare -A packages=([tuned]=tuned [tuned-adm]=tuned [h2load]=nghttp2-client [strace]=strace [curl]=curl
  [prometheus-node-exporter]=prometheus-node-exporter [protoc]=protobuf-compiler [grpc_cpp_plugin]=protobuf-compiler-grpc
  [g++]=g++ [pkg-config]=pkg-config [dbus-daemon]=dbus [ip]=iproute2 [unshare]=util-linux)
missing=()
for cmd in "${!packages[@]}"; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
[ -f /usr/include/grpcpp/grpcpp.h ] || missing+=(libgrpc++-dev)
[ -x /usr/bin/time ] || missing+=(time)
"$python" -c "import grpc" 2>/dev/null || missing+=(python3-grpcio)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/run.sh: missing $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
  echo "  apt-get install $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
  exit 2
fi
export PATH="$PATH:/usr/sbin:/sbin"

# Re-run in a private mount namespace: the bind mounts below are seen by this run only, and vanish with it.
if [ "${NICTUNE_BENCH_MNTNS:-}" != 1 ]; then
  NICTUNE_BENCH_MNTNS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi

export NICTUNE_BENCH_PREFIX="ntb$$"
private=$(mktemp -d /tmp/nictune-bench-etc.XXXXXX)
cleanup() {
  local ns pid
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NICTUNE_BENCH_PREFIX-" || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
  umount /etc/tuned /run/tuned 2>/dev/null || true
  rm -rf "$private"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$private/etc" "$private/run" /run/tuned
touch "$private/etc/.nictune-bench"
mount --bind "$private/etc" /etc/tuned
mount --bind "$private/run" /run/tuned

"$python" "$repo/bench/lib/bench.py" "$@"
