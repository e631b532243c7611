# Set-up shared by the shell benchmarks (sourced, never run): a namespace of veth pairs and its removal, nictune's
# observe-mode configuration, and tuned's one-shot run of the benchmark's profile.

# remove_namespaces DIR NAME...: kills what runs in each namespace, deletes them and DIR (the scripts' EXIT trap).
remove_namespaces() {
  local dir=$1
  shift
  for n in "$@"; do
    for pid in $(ip netns pids "$n" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  sleep 0.5
  for n in "$@"; do ip netns delete "$n" 2>/dev/null || true; done
  rm -rf "$dir"
}

# veth_namespace NAME PAIRS A B: a network namespace with lo and PAIRS veth pairs (A0/B0, A1/B1, ...) with 4 queues
# each way, all up.
veth_namespace() {
  ip netns add "$1"
  ip -n "$1" link set lo up
  for i in $(seq 0 $(($2 - 1))); do
    ip -n "$1" link add "$3$i" numtxqueues 4 numrxqueues 4 type veth peer name "$4$i" numtxqueues 4 numrxqueues 4
    ip -n "$1" link set "$3$i" up
    ip -n "$1" link set "$4$i" up
  done
}

# observe_config DIR: the shipped profiles in DIR/profiles (NICTUNE_PROFILE_PATH points there) and DIR/observe.yaml,
# `nictune run` in observe mode with `auto`, /metrics on 127.0.0.1:10910 and the API socket DIR/api.sock.
observe_config() {
  mkdir -p "$1/profiles"
  cp packaging/profiles/*.yaml "$1/profiles/"
  cat >"$1/observe.yaml" <<YAML
state-dir: $1/state
profile: auto
mode: observe
drift-interval: 1h
on-stop: keep
metrics:
  listen: ["127.0.0.1:10910"]
api:
  socket: $1/api.sock
YAML
  export NICTUNE_PROFILE_PATH="$1/profiles"
}

# tuned_one_shot DIR SUMMARY DEVICES: DIR/tuned.sh runs tuned's one-shot of the profile `bench` (the same two sysctls,
# and the veth features, channels and txqueuelen of nictune's `bench` profile on DEVICES). tuned runs in a private
# mount namespace (the caller runs `unshare -m --propagation private bash DIR/tuned.sh`) with tmpfs over /etc/tuned, /run and /var/log,
# so the host's are never touched: one-shot (daemon = 0), no dynamic tuning, and reapply_sysctl = 0 so it does not
# re-apply the host's /etc/sysctl.d files. Its net plugin skips virtual devices (the log says "no matching devices
# available"), so on veths it does only the two sysctls: its time is a lower bound.
tuned_one_shot() {
  mkdir -p "$1/tuned/bench"
  printf 'daemon = 0\ndynamic_tuning = 0\nrecommend_command = 0\nreapply_sysctl = 0\n' >"$1/tuned/tuned-main.conf"
  cat >"$1/tuned/bench/tuned.conf" <<CONF
[main]
summary=$2
[sysctl]
net.core.somaxconn=8192
net.ipv4.tcp_slow_start_after_idle=0
[net]
devices=$3
features=gro on, tso off
channels=rx 2 tx 2
txqueuelen=5000
CONF
  cat >"$1/tuned.sh" <<SH
set -e
# Only existing directories are covered (a mkdir here would reach the host's file system): /run and /var/log whole.
for d in /etc/tuned /run /var/log; do mount -t tmpfs tuned-bench "\$d"; done
mkdir /run/tuned /var/log/tuned
cp -r "$1/tuned/." /etc/tuned/
exec tuned --no-dbus --no-socket -p bench
SH
}
