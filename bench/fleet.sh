#!/usr/bin/env bash
# Fleet figures: for each N given (default: 50 200), runs the fleet test (tests/Nictune.IntegrationTests/Fleet)
# with N agents, each in its own network namespace, and prints what it measured: how long the agents took to start,
# each playbook run over the N agents (Ansible, local connection, forks 25), the agents' total RSS, and how long
# Prometheus takes to scrape one agent. Needs root, ansible-core and prometheus (tests/run.sh installs them).
# The figures depend on the machine's load: say what else ran when you write them down (bench/README.md, "Fleet").
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(50 200)
bin=${NICTUNE_BIN:-$PWD/artifacts/aot/nictune}
if [ ! -x "$bin" ]; then
  dotnet publish agent/Nictune.Host -r linux-x64 -c Release -nologo -v quiet -o "$PWD/artifacts/aot" >/dev/null
  bin=$PWD/artifacts/aot/nictune
fi
dotnet build tests/Nictune.IntegrationTests -c Debug -nologo -v quiet >/dev/null
echo "nictune $("$bin" --version 2>/dev/null || echo "(version unknown)"), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${counts[@]}"; do
  echo "== $n agents"
  NICTUNE_BIN=$bin NICTUNE_FLEET_AGENTS=$n dotnet test tests/Nictune.IntegrationTests --no-build -nologo \
      --filter "FullyQualifiedName~Fleet.FleetTests" --logger "console;verbosity=detailed" 2>&1 \
    | grep -E "agents started in|push to|idempotent push|check mode:|one stale host|total RSS|^\s+(Passed|Failed) " \
    | sed -E 's/^\s+//'
done
