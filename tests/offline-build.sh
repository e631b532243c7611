#!/usr/bin/env bash
# Shows that nictune builds and runs from a warm NuGet cache with no network at all: a fresh clone of HEAD is built,
# and `dotnet run -- detect` is run, inside a network namespace that has only lo (no route, no DNS). NuGet's audit
# is given an empty HTTP cache, so it really tries to fetch vulnerability data and cannot: that is NU1900, a
# warning; real audit findings (NU1901-NU1904) stay errors. Needs root (ip netns) and a cache that `dotnet build`
# has filled before. Not part of tests/run.sh: a clean build takes minutes on a loaded machine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ns="nictune-offline-$$"
work=$(mktemp -d /tmp/nictune-offline.XXXXXX)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

git clone -q "$repo" "$work/src"
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
in_ns() { ip netns exec "$ns" env NUGET_HTTP_CACHE_PATH="$work/http-cache" DOTNET_CLI_TELEMETRY_OPTOUT=1 "$@"; }

echo "== links in $ns (there must be only lo)"
in_ns ip -br link
if [ -n "$(in_ns ip route show)" ] || [ -n "$(in_ns ip -6 route show | grep -v '^::1 ')" ]; then
  echo "FAIL: the namespace has routes; it is not offline" >&2
  exit 1
fi

cd "$work/src"
echo "== dotnet build (offline)"
in_ns dotnet build agent/Nictune.Host -nologo 2>&1 | tee "$work/build.log" | grep -E 'NU19|error|Warning\(s\)|Error\(s\)' | sort -u
grep -q ' 0 Error(s)' "$work/build.log" || { echo "FAIL: the offline build failed" >&2; exit 1; }
grep -q 'NU1900' "$work/build.log" || { echo "FAIL: no NU1900: the audit did not try the network, so this proved nothing" >&2; exit 1; }

echo "== dotnet run -- detect (offline)"
in_ns dotnet run --project agent/Nictune.Host --no-build -- detect
echo "offline build and run: OK"
