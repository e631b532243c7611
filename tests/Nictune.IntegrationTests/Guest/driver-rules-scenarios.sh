#!/bin/sh
# The driver rules as the real drivers show them (issue 22): scenarios the guest harness (docs/testing-guest.md) runs
# inside the QEMU 7.2 guest on kernel 6.1, and the host runs unchanged on the simulators in a network namespace
# (SimulatorAgreementTests: the test build of nictune serves veths named like the guest's NICs as the
# simulators, NICTUNE_TEST_DRIVERS). The two runs are compared row by row. Each defect's section names the simulator
# test (tests/Nictune.Tests/Simulators/RealDriverRuleTests.cs) it mirrors and what the guest must show. Output is in
# the harness's "=== section" form; a section that runs nictune ends with its "exit N", a "/read" section has one
# "DEVICE SETTING VALUE" line per setting the device holds. NICTUNE is the binary; each scenario starts from a fresh state
# directory and puts the NICs back as it found them.
set -u
NICTUNE=${NICTUNE:-/opt/nictune/nictune}
STATE=$(mktemp -d); WORK=$(mktemp -d)
# The driver bound to interface $1, found by bash (cd -P resolves the link) without starting a process: under TCG each
# process start costs a good fraction of a second.
driver_of() { (cd -P "/sys/class/net/$1/device/driver" 2>/dev/null && echo "${PWD##*/}"); }
nic() { for n in /sys/class/net/*; do [ "$(driver_of "${n##*/}")" = "$1" ] && echo "${n##*/}" && return; done; }
profile() { printf 'name: %s\ninterfaces:\n  - match: { driver: [%s] }\n%s\n' "$1" "$2" "$3" >"$WORK/$1.yaml"; echo "$WORK/$1.yaml"; }
run() { "$NICTUNE" "$@" --state-dir "$STATE" --json 2>/dev/null; code=$?; echo; echo "exit $code"; }
fresh() { rm -rf "$STATE"; STATE=$(mktemp -d); }

if [ -n "${NICTUNE_TEST_DRIVERS:-}" ]; then
  # On the host the NICs are simulators: a read is the simulators' own state, a driver request goes to their journal.
  readback() { v=$(sed -n "s|^$1 $2=\([^/]*\).*|\1|p" "$NICTUNE_TEST_DRIVERS.now"); echo "${v:--}"; }
  # The interface's MTU goes first: the driver sees the request at the MTU it has now.
  driver_set() { printf 'mtu %s %s\nset %s %s %s\n' "$1" "$(cat "/sys/class/net/$1/mtu")" "$1" "$2" "$3" >>"$NICTUNE_TEST_DRIVERS"; }
else
  # In the guest: ethtool and sysfs, as a user would look.
  # A field of `ethtool OPTION DEVICE` (of its "Current hardware settings" part when it has one), read by bash.
  field() {
    ethtool "$1" "$2" 2>/dev/null | {
      now=; case "$1" in -g|-l) ;; *) now=1 ;; esac
      while IFS=: read -r key value; do
        case "$key" in "Current hardware settings") now=1 ;; "$3") [ -n "$now" ] && { echo "${value#"${value%%[![:space:]]*}"}"; break; } ;; esac
      done
    }
  }
  readback() {
    case "$2" in
      ring.rx) v=$(field -g "$1" 'RX') ;;
      ring.rx-jumbo) v=$(field -g "$1" 'RX Jumbo') ;;
      ring.tx) v=$(field -g "$1" 'TX') ;;
      channels.combined) v=$(field -l "$1" 'Combined') ;;
      coalesce.*) v=$(field -c "$1" "${2#coalesce.}") ;;
      feature.rx-gro) v=$(field -k "$1" generic-receive-offload); v=${v%% *} ;;
      txqueuelen) read -r v <"/sys/class/net/$1/tx_queue_len" ;;
      rps-cpus.*) v=; read -r v 2>/dev/null <"/sys/class/net/$1/queues/${2#rps-cpus.}/rps_cpus" ;;
      *) v= ;;
    esac
    echo "${v:--}"
  }
  driver_set() { case "$2" in ring.*) ethtool -G "$1" "${2#ring.}" "$3" ;; coalesce.*) ethtool -C "$1" "${2#coalesce.}" "$3" ;; esac; }
fi
# "=== NAME/read": what DEVICE holds of each SETTING, a "DEVICE SETTING VALUE" line each.
read_section() { name=$1 dev=$2; shift 2; echo "=== $name/read"; for s in "$@"; do echo "$dev $s $(readback "$dev" "$s")"; done; }

VMX=${VMX:-$(nic vmxnet3)}; E1000=${E1000:-$(nic e1000)}; E1000E=${E1000E:-$(nic e1000e)}
virtio() { i=0; for n in /sys/class/net/*; do [ "$(driver_of "${n##*/}")" = virtio_net ] && i=$((i + 1)) && [ "$i" = "$1" ] && echo "${n##*/}" && return; done; }
# The multiqueue virtio NIC (2 pairs of 4) and the single-queue one, in the guest's order.
VIRTIO=${VIRTIO:-$(virtio 1)}; VIRTIO1=${VIRTIO1:-$(virtio 2)}
echo "=== drivers"; printf '%s vmxnet3\n%s e1000\n%s e1000e\n%s virtio_net\n%s virtio_net\n' "$VMX" "$E1000" "$E1000E" "$VIRTIO" "$VIRTIO1"

# Every tunable kind on each driver (kinds-DRIVER): one rule with a ring, channels, coalescing, a feature,
# txqueuelen and RPS, planned, applied, read back, rolled back to the baseline and read back again.
KINDS='    ring: { rx: 100, tx: 100 }
    channels: { combined: 1 }
    coalesce: { rx-usecs: 50 }
    features: { rx-gro: off }
    txqueuelen: 2000
    rps: { cpus: all }'
for pair in "vmxnet3 $VMX" "e1000 $E1000" "e1000e $E1000E" "virtio_net $VIRTIO"; do
  set -- $pair; driver=$1 dev=$2
  P=$(profile "kinds-${driver//_/-}" "$driver], name: [$dev" "$KINDS")
  SETTINGS="ring.rx ring.tx channels.combined coalesce.rx-usecs feature.rx-gro txqueuelen rps-cpus.rx-0"
  echo "=== kinds-$driver/plan"; run plan --profile "$P"
  echo "=== kinds-$driver/apply"; run apply --profile "$P"
  read_section "kinds-$driver/applied" "$dev" $SETTINGS
  echo "=== kinds-$driver/rollback"; run rollback --to baseline
  read_section "kinds-$driver/restored" "$dev" $SETTINGS
  fresh
done

# Defect 2 (Defect2_a_baseline_rollback_the_driver_rounds_is_not_restored_and_says_what_it_left): at MTU 9000,
# rx 4096 is held as 4032 (adjusted); rollback --to baseline writes 1024, which the driver holds as 1056: the row is
# rollback-failed with notRestored and actual 1056, the exit code 3, and `ethtool -g` shows RX 1056.
ip link set "$VMX" mtu 9000
P=$(profile rings-4096 vmxnet3 '    ring: { rx: 4096 }')
echo "=== d2-apply"; run apply --profile "$P"
echo "=== d2-rollback"; run rollback --to baseline
echo "=== d2-ethtool"; ethtool -g "$VMX"
read_section d2-rollback "$VMX" ring.rx
ip link set "$VMX" mtu 1500; driver_set "$VMX" ring.rx 1024; fresh

# Defect 7 (Defect7_an_mtu_raised_after_tuning_is_invisible_to_ethtool_and_is_no_drift): rx 4096 at MTU 1500, then
# MTU 9000 behind the agent: `ethtool -g` still shows 4096 and the plan is unchanged, with 0 changes.
echo "=== d7-apply"; run apply --profile "$P"
ip link set "$VMX" mtu 9000
echo "=== d7-ethtool"; ethtool -g "$VMX"
echo "=== d7-plan"; run plan --profile "$P"
run rollback --to baseline >/dev/null; ip link set "$VMX" mtu 1500; fresh

# Defect 5 (Defect5_all_ring_fields_of_a_device_go_in_one_request_and_reset_it_once): rx, rx-jumbo and tx in one
# SRINGPARAM: carrier_changes grows by 2 (one down, one up) for the apply, not 6.
P=$(profile rings-three vmxnet3 '    ring: { rx: 2048, rx-jumbo: 1024, tx: 1024 }')
echo "=== d5-carrier-before"; cat "/sys/class/net/$VMX/carrier_changes"
echo "=== d5-apply"; run apply --profile "$P"
echo "=== d5-carrier-after"; cat "/sys/class/net/$VMX/carrier_changes"
run rollback --to baseline >/dev/null; fresh

# Defect 3 (Defect3_a_refusal_met_at_write_time_is_remembered_for_the_device_...): virtio-net refuses coalescing with
# EOPNOTSUPP: the apply's row is unsupported with errno 95, rollback --to previous has nothing to undo, and the next
# plan says unsupported with EOPNOTSUPP and writes nothing.
P=$(profile virtio-coalesce virtio_net '    coalesce: { rx-usecs: 50 }')
echo "=== d3-apply"; run apply --profile "$P"
echo "=== d3-rollback-previous"; run rollback --to previous
echo "=== d3-plan"; run plan --profile "$P"
fresh

# Defect 8 (Defect8_virtio_net_rings_are_planned_as_a_power_of_two_and_never_fail_at_write_time): rx/tx 200 is planned
# clamped to 128, the apply succeeds and `ethtool -g` shows 128; `rx: max` plans unchanged 256.
P=$(profile virtio-200 virtio_net '    ring: { rx: 200, tx: 200 }')
echo "=== d8-plan"; run plan --profile "$P"
echo "=== d8-apply"; run apply --profile "$P"
echo "=== d8-ethtool"; ethtool -g "$VIRTIO"
run rollback --to baseline >/dev/null
echo "=== d8-max"; run plan --profile "$(profile virtio-max virtio_net '    ring: { rx: max }')"
fresh

# Defect 6 (Defect6_e1000e_rx_usecs_...): rx-usecs 5 is planned unsupported (the guest's driver answers EINVAL to
# `ethtool -C rx-usecs 5`); 4 is applied and `ethtool -c` shows 4; the metrics show nictune_rx_coalesce_mode.
echo "=== d6-ethtool-5"; ethtool -C "$E1000E" rx-usecs 5; echo "exit $?"
echo "=== d6-plan-5"; run plan --profile "$(profile e1000e-5 e1000e '    coalesce: { rx-usecs: 5 }')"
echo "=== d6-apply-4"; run apply --profile "$(profile e1000e-4 e1000e '    coalesce: { rx-usecs: 4 }')"
echo "=== d6-ethtool-c"; ethtool -c "$E1000E"
run rollback --to baseline >/dev/null; fresh

# Defect 10 (Defect10_plan_counts_steering_kept_across_a_link_reset_...): with RPS applied, a ring change plans the
# kept RPS rewrites (the ring's reset clears RPS) but counts 1 change, ring.rx; a request above the maximum plans clamped.
run apply --profile "$(profile rps vmxnet3 '    rps: { cpus: all }')" >/dev/null
echo "=== d10-plan"; run plan --profile "$(profile rps-ring vmxnet3 '    ring: { rx: 2048 }
    rps: { cpus: all }')"
echo "=== d10-clamped"; run plan --profile "$(profile above-max vmxnet3 '    ring: { rx: 9000 }')"
run rollback --to baseline >/dev/null; rm -rf "$STATE" "$WORK"
