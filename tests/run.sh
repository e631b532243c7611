#!/usr/bin/env bash
# Runs every nictune test on this machine and prints one closing tally:
#   N passed, N failed, N skipped
# It installs what the tests need (Debian packages) when missing, builds the solution, publishes the
# NativeAOT binary that we ship, and points the functional tests at it. Needs root for the network
# namespace tests; without root those tests are visible skips (and failures under CI=true).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out="$repo/artifacts/test-run"
rm -rf "$out"; mkdir -p "$out"

# Debian packages the tests use, by the command that shows each is present.
declare -A packages=(
  [ethtool]=ethtool
  [ip]=iproute2
  [gcc]=gcc
  [sysctl]=procps
  [systemd-analyze]=systemd
  # The metrics tests: promtool checks expositions and rules, a real Prometheus runs the dashboard's queries,
  # curl scrapes /metrics inside the test namespaces, ping sends the packets whose counters are checked.
  [promtool]=prometheus
  [prometheus]=prometheus
  [curl]=curl
  [ping]=iputils-ping
  # The test under a real systemd: a debootstrap root booted with systemd-nspawn.
  [systemd-nspawn]=systemd-container
  [debootstrap]=debootstrap
  # The API tests: protoc compiles proto/nictune/v1/agent.proto for the Python client, openssl makes the mutual-TLS
  # certificates, setpriv runs a client as nobody, node runs the @grpc/grpc-js and reflection clients.
  [protoc]=protobuf-compiler
  [openssl]=openssl
  [setpriv]=util-linux
  [node]=nodejs
  [npm]=npm
  # The packaging tests: lintian checks the .deb, rpmbuild builds the .rpm and rpm reads it back, rpmlint checks it,
  # man renders nictune(8).
  [lintian]=lintian
  [rpmbuild]=rpm
  [rpmlint]=rpmlint
  [man]=man-db
  # The fast path's syscall budget: strace -c -f counts the binary's system calls per interface.
  [strace]=strace
  # The fleet tests: ansible-core runs the nictune.agent collection's playbook and ansible-test sanity, whose
  # pylint, pycodestyle, yamllint and voluptuous come from Debian (tests/Nictune.IntegrationTests/Fleet/ansible-sanity.sh).
  [ansible-playbook]=ansible-core
  [pylint]=pylint
  [yamllint]=yamllint
  # The guest tests: QEMU runs a Debian guest on the real vmxnet3, e1000, e1000e and virtio-net drivers; building
  # its cache takes debootstrap (above), cpio and depmod (docs/testing-guest.md).
  [qemu-system-x86_64]=qemu-system-x86
  [cpio]=cpio
  [depmod]=kmod
)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
# Debian's own python3 (not a pyenv shim): the MemoryDenyWriteExecute test runs the binary under it with prctl.
[ -x /usr/bin/python3 ] || missing+=(python3)
# Debian's python3-grpcio and python3-protobuf: the API's interop client (a gRPC stack we did not write).
/usr/bin/python3 -c "import grpc" 2>/dev/null || missing+=(python3-grpcio)
/usr/bin/python3 -c "import google.protobuf" 2>/dev/null || missing+=(python3-protobuf)
/usr/bin/python3 -c "import voluptuous" 2>/dev/null || missing+=(python3-voluptuous)
/usr/bin/python3 -c "import pycodestyle" 2>/dev/null || missing+=(python3-pycodestyle)
# The guest's initramfs needs a static busybox (ldd fails on one); Debian's busybox package is dynamic.
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing test prerequisites: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "warning: could not install ${missing[*]}; tests that need them will skip (fail under CI=true)"
  else
    echo "warning: missing ${missing[*]} and not root: tests that need them will skip (fail under CI=true)"
  fi
fi
export PATH="$PATH:/usr/sbin:/sbin"

# The API tests' Node clients (@grpc/grpc-js, a reflection client), from npm into a directory of their own.
node_api="$repo/artifacts/node-api"
if command -v npm >/dev/null; then
  mkdir -p "$node_api" && cp tests/Nictune.IntegrationTests/Api/node/package.json "$node_api/"
  if (cd "$node_api" && npm install --no-audit --no-fund --silent >"$out/npm.log" 2>&1); then
    export NICTUNE_NODE_MODULES="$node_api/node_modules"
  else
    echo "warning: npm install of the API's node clients failed (see $out/npm.log); their test will skip (fail under CI=true)"
  fi
fi

echo "== build"
if ! dotnet build Agent.sln -c Debug -nologo -v quiet >"$out/build.log" 2>&1; then
  cat "$out/build.log"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# The Debug build just made carries the test-only fault hook (NICTUNE_FAULT_HOOK); the tests that stop the binary
# mid-transaction run it. The Release publish below, the binary we ship and test everything else with, has none.
export NICTUNE_FAULT_HOOK_BIN="$repo/agent/Nictune.Host/bin/Debug/net10.0/nictune"

echo "== publish the NativeAOT binary"
if dotnet publish agent/Nictune.Host -r linux-x64 -c Release -nologo -v quiet -o "$repo/artifacts/aot" >"$out/publish.log" 2>&1; then
  export NICTUNE_BIN="$repo/artifacts/aot/nictune"
  ls -l "$NICTUNE_BIN"
else
  cat "$out/publish.log"
  echo "warning: the AOT publish failed; functional tests use the net10 build"
  aot_failed=1
fi

passed=0; failed=${aot_failed:-0}; skipped=0
for project in tests/Nictune.Tests tests/Nictune.IntegrationTests; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" --no-build -nologo --logger "console;verbosity=normal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$out" 2>&1 | tee "$out/$name.log"
  trx="$out/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "error: $name wrote no results"
    failed=$((failed + 1))
    continue
  fi
  # The counters of a TRX file: passed, failed and notExecuted (xunit's skips).
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed))); failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
