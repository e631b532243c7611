#!/bin/bash
# The daemon (`nictune run`) on the real drivers, for the guest harness (docs/testing-guest.md): DaemonInGuestTests
# runs this script once per phase (PHASE=start|drift|reset|hotplug-wait|hotplug-gone|metrics), and hot-plugs NICs
# through QMP between the phases; AdaptiveRingsInGuestTests runs adaptive-start, then adaptive-wait while the host
# floods the vmxnet3 NIC with UDP through slirp's hostfwd, then stop. The agent runs in the background with its state, configuration, profile and API
# socket in the guest's /tmp; its log is /tmp/nictune/daemon.log. Every wait is a poll with a generous bound (TCG on
# a loaded machine). Output is in the harness's "=== section" form.
set -u
NICTUNE=${NICTUNE:-nictune}
DIR=/tmp/nictune
LOG=$DIR/daemon.log
TARGET=unix://$DIR/api.sock
BOUND=${BOUND:-240}

nic() { for n in /sys/class/net/*; do [ "$(basename "$(readlink "$n/device/driver" 2>/dev/null)")" = "$1" ] && basename "$n" && return; done; }
# The multiqueue virtio NIC, before the agent tunes it: the virtio_net interface with more than one rx queue.
multiqueue() { for n in /sys/class/net/*; do q=("$n"/queues/rx-*); [ "$(basename "$(readlink "$n/device/driver" 2>/dev/null)")" = virtio_net ] && [ ${#q[@]} -gt 1 ] && basename "$n" && return; done; }
# /metrics over bash's /dev/tcp: the guest has no curl.
scrape() {
  exec 5<>/dev/tcp/127.0.0.1/10910 || return 1
  printf 'GET /metrics HTTP/1.1\r\nHost: guest\r\nConnection: close\r\n\r\n' >&5
  sed '1,/^\r$/d' <&5
  exec 5<&-
}
# A series' value, matched by bash itself: under TCG each process start costs a good fraction of a second.
metric() { scrape | while read -r series value; do [ "$series" = "$1" ] && echo "$value"; done; }
corrected() { v=$(metric 'nictune_drift_events_total{outcome="corrected"}'); echo "${v:-0}"; }
# Waits until "$@" succeeds, checking every 0.2 s; after BOUND seconds the phase fails with the log's tail.
until_true() {
  local start=$SECONDS
  while ! "$@"; do
    if [ $((SECONDS - start)) -ge "$BOUND" ]; then echo "timeout after ${BOUND}s: $*"; cat "$DIR/left" 2>/dev/null; grep -v "Reconciling (Drift)" "$LOG" | tail -n 40; exit 1; fi
    sleep 0.2
  done
  echo "waited $((SECONDS - start))s"
}
# A field of the "Current hardware settings" part of `ethtool -g` or `-l`, read by bash: one process, not five.
current() {
  local key value now=
  while IFS=: read -r key value; do
    case "$key" in Current*) now=1 ;; "$3") [ -n "$now" ] && { echo "${value//[[:space:]]/}"; return; } ;; esac
  done < <(ethtool "$1" "$2")
}
ring() { current -g "$1" "$2"; }
combined() { current -l "$1" Combined; }
count() { grep -c -F "$1" "$LOG"; }
oob() { local sum=0; while read -r v; do sum=$((sum + v)); done < <(ethtool -S "$1" | grep -F 'pkts rx OOB:' | cut -d: -f2); echo "$sum"; }
# Starts the agent in the background with profile $1 from $DIR/profiles and the adaptive block $2, and waits until it
# applied the profile and serves its metrics.
launch() {
  cat >"$DIR/agent.yaml" <<EOF
state-dir: $DIR/state
profile: $1
mode: enforce
drift-interval: 1s
metrics:
  listen: ["127.0.0.1:10910"]
api:
  socket: $DIR/api.sock
adaptive: { $2 }
EOF
  NICTUNE_PROFILE_PATH=$DIR/profiles:/usr/lib/nictune/profiles setsid "$NICTUNE" run --config "$DIR/agent.yaml" >"$LOG" 2>&1 </dev/null &
  echo $! >"$DIR/pid"
  echo "=== boot"; until_true grep -q "Applied profile $1" "$LOG"; until_true scrape >/dev/null 2>&1
}

# The names are found at the start and kept: combined 1 leaves the multiqueue NIC one rx queue in sysfs.
if [ "$PHASE" = start ] || [ "$PHASE" = adaptive-start ]; then mkdir -p -m 700 "$DIR"; echo "VMX=$(nic vmxnet3) MQ=$(multiqueue)" >"$DIR/names"; fi
# shellcheck disable=SC1091
. "$DIR/names"

case "$PHASE" in
start)
  mkdir -p -m 700 "$DIR/state" "$DIR/profiles"
  cat >"$DIR/profiles/guest-daemon.yaml" <<'EOF'
name: guest-daemon
sysctl:
  net.core.netdev_max_backlog: 2000
interfaces:
  - match: { driver: [vmxnet3] }
    ring: { rx: 2048 }
    rps: { cpus: all }
    xps: auto
  - match: { driver: [virtio_net] }
    ring: { rx: 128 }
    channels: { combined: 1 }
EOF
  launch guest-daemon 'rings: off'
  echo "=== nics"; echo "vmxnet3=$VMX"; echo "multiqueue=$MQ"
  echo "=== booted"
  echo "vmx_rx=$(ring "$VMX" RX)"; echo "mq_rx=$(ring "$MQ" RX)"; echo "mq_combined=$(combined "$MQ")"
  echo "backlog=$(sysctl -n net.core.netdev_max_backlog)"
  for f in /sys/class/net/"$VMX"/queues/rx-*/rps_cpus; do echo "${f#/sys/class/net/}=$(cat "$f")"; done
  ;;
drift)
  # Issue 22: "Drift of a ring, channels and a sysctl was corrected": three settings changed behind the agent. The
  # vmxnet3 ring's reset is a link event, which the agent may answer before the next command runs: the log, not a
  # read here, shows what it found.
  before=$(corrected); mark=$(wc -l <"$LOG")
  ethtool -G "$VMX" rx 1024; echo "ring=$?" >"$DIR/behind"
  ethtool -L "$MQ" combined 2; echo "channels=$?" >>"$DIR/behind"
  sysctl -qw net.core.netdev_max_backlog=1000; echo "sysctl=$?" >>"$DIR/behind"
  echo "=== behind"; cat "$DIR/behind"
  restored() { [ "$(ring "$VMX" RX)" = 2048 ] && [ "$(combined "$MQ")" = 1 ] && [ "$(sysctl -n net.core.netdev_max_backlog)" = 2000 ]; }
  echo "=== wait"; until_true restored
  counted() { [ "$(corrected)" -ge $((before + 3)) ]; }; until_true counted
  echo "=== corrected"
  echo "vmx_rx=$(ring "$VMX" RX)"; echo "mq_combined=$(combined "$MQ")"; echo "backlog=$(sysctl -n net.core.netdev_max_backlog)"
  echo "before=$before"; echo "after=$(corrected)"
  echo "=== drift-lines"; tail -n +"$((mark + 1))" "$LOG" | grep -F ' Drift: '
  ;;
reset)
  # Defect 4: a link reset behind the agent (down/up, then an MTU change, each of which quiesces and resets
  # vmxnet3) leaves RPS/XPS holding their wanted values: no drift may be logged or counted for them.
  before=$(corrected); links=$(count 'Reconciling (LinkChange)')
  ip link set "$VMX" down; ip link set "$VMX" up; ip link set "$VMX" mtu 1400; ip link set "$VMX" mtu 1500
  echo "=== wait"
  # The link events' pass, then a few drift ticks after it.
  heard() { [ "$(count 'Reconciling (LinkChange)')" -gt "$links" ]; }; until_true heard
  passes=$(count 'Reconciling ('); later() { [ "$(count 'Reconciling (')" -ge $((passes + 3)) ]; }; until_true later
  echo "=== after"
  for f in /sys/class/net/"$VMX"/queues/rx-*/rps_cpus /sys/class/net/"$VMX"/queues/tx-*/xps_cpus; do echo "${f#/sys/class/net/}=$(cat "$f")"; done
  echo "before=$before"; echo "after=$(corrected)"
  echo "=== drift-lines"; grep -F ' Drift: ' "$LOG"
  ;;
adaptive-start)
  # Issue 22's adaptive rings (docs/adaptive.md): the profile holds vmxnet3's rx ring at its smallest (32), and
  # adaptive may grow it at once (a 2 s window, a 1 s cooldown, the ring change's device reset allowed). The
  # address is the one slirp's hostfwd sends to.
  mkdir -p -m 700 "$DIR/state" "$DIR/profiles"
  ip addr add 10.0.2.15/24 dev "$VMX"
  cat >"$DIR/profiles/guest-adaptive.yaml" <<'EOF'
name: guest-adaptive
interfaces:
  - match: { driver: [vmxnet3] }
    ring: { rx: 32 }
EOF
  launch guest-adaptive 'rings: apply, window: 2s, cooldown: 1s, allow-link-reset: true'
  echo "=== booted"; echo "vmx=$VMX"; echo "vmx_rx=$(ring "$VMX" RX)"; echo "oob=$(oob "$VMX")"
  ;;
adaptive-wait)
  # The host floods UDP through hostfwd meanwhile: the ring runs out of buffers ("pkts rx OOB") and the agent grows it.
  echo "=== wait"
  grown() { [ "$(ring "$VMX" RX)" -gt 32 ]; }; until_true grown
  changed() { "$NICTUNE" events --target "$TARGET" 2>/dev/null | grep -F adaptive-changed >"$DIR/changed"; }; until_true changed
  echo "=== grown"; echo "vmx_rx=$(ring "$VMX" RX)"; echo "oob=$(oob "$VMX")"
  echo "=== events"; cat "$DIR/changed"
  echo "=== metrics"; scrape | grep -F nictune_adaptive_changes_total | grep -v '^#'
  echo "=== log"; grep -F 'Adaptive' "$LOG"
  ;;
hotplug-wait)
  # A NIC QMP's device_add put on the bus: the driver binds it (no udev: the module is loaded) and the agent tunes it.
  appeared() { NEW=$(for n in /sys/class/net/*; do n=${n##*/}; grep -qx "$n" "$DIR/known" || echo "$n"; done | head -n1); [ -n "$NEW" ]; }
  echo "=== appear"; until_true appeared
  tuned() { grep -q "New interface $NEW" "$LOG" && [ "$(ring "$NEW" RX)" = "$WANT_RX" ]; }
  echo "=== tune"; until_true tuned
  echo "=== added"; echo "name=$NEW"; echo "driver=$(basename "$(readlink "/sys/class/net/$NEW/device/driver")")"
  echo "=== ethtool-g"; ethtool -g "$NEW"
  echo "=== rps"; for f in /sys/class/net/"$NEW"/queues/rx-*/rps_cpus; do cat "$f"; done
  echo "=== metrics"; scrape | grep -F "device=\"$NEW\"" | grep -F nictune_device_info
  ;;
hotplug-known)
  ls /sys/class/net >"$DIR/known"
  ;;
hotplug-gone)
  # After QMP's DEVICE_DELETED: the interface is gone from the kernel, and the agent says so.
  echo "=== gone"; gone() { [ ! -e "/sys/class/net/$OLD" ] && grep -q "Interface $OLD is gone" "$LOG"; }; until_true gone
  echo "=== events"; "$NICTUNE" events --target "$TARGET" 2>&1 | grep -F "$OLD"
  noseries() { ! scrape | grep -F "device=\"$OLD\"" >"$DIR/left"; }
  echo "=== series"; until_true noseries
  ;;
metrics)
  # Driver counters from the real `ethtool -S` strings: ethtool first, the scrape, ethtool again, so that each
  # counter the scrape shows lies between the two reads.
  nics=(); for n in /sys/class/net/*; do [ -e "$n/device" ] && nics+=("${n##*/}"); done
  for n in "${nics[@]}"; do echo "=== ethtool-before $n $(basename "$(readlink "/sys/class/net/$n/device/driver")")"; ethtool -S "$n"; done
  echo "=== scrape"; scrape
  for n in "${nics[@]}"; do echo "=== ethtool-after $n"; ethtool -S "$n"; done
  ;;
stop)
  kill -TERM "$(cat "$DIR/pid")"
  stopped() { ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; }; echo "=== stop"; until_true stopped
  echo "=== log"; cat "$LOG"
  ;;
esac
