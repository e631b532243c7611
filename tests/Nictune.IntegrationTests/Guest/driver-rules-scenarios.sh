#!/bin/sh
# Issue 22's defects 2-8 and 10 as the real drivers show them: scenarios for the guest harness (docs/testing-guest.md)
# to run inside the QEMU 7.2 guest, on kernel 6.1, with the NICs of the captures (vmxnet3, e1000, e1000e, a
# multiqueue and a single-queue virtio-net). The simulators (tests/Nictune.Tests/Simulators/RealDriverRuleTests.cs)
# run the same scenarios; each section below names the test it mirrors and what the guest must show. Output is in
# the harness's "=== section" form; a section that runs nictune ends with its "exit N". NICTUNE is the binary in the
# guest; each scenario starts from a fresh state directory and puts the NICs back as it found them.
set -u
NICTUNE=${NICTUNE:-/opt/nictune/nictune}
STATE=$(mktemp -d)
nic() { for n in /sys/class/net/*; do [ "$(basename "$(readlink "$n/device/driver" 2>/dev/null)")" = "$1" ] && basename "$n" && return; done; }
profile() { printf 'name: %s\ninterfaces:\n  - match: { driver: [%s] }\n%s\n' "$1" "$2" "$3" >"/tmp/$1.yaml"; echo "/tmp/$1.yaml"; }
run() { "$NICTUNE" "$@" --state-dir "$STATE" --json 2>/dev/null; code=$?; echo; echo "exit $code"; }
VMX=$(nic vmxnet3); E1000E=$(nic e1000e)
VIRTIO=$(for n in /sys/class/net/*; do d=$(basename "$(readlink "$n/device/driver" 2>/dev/null)"); [ "$d" = virtio_net ] && basename "$n"; done | head -n1)

# Defect 2 (Defect2_a_baseline_rollback_the_driver_rounds_is_not_restored_and_says_what_it_left): at MTU 9000,
# rx 4096 is held as 4032 (adjusted); rollback --to baseline writes 1024, which the driver holds as 1056: the row is
# rollback-failed with notRestored and actual 1056, the exit code 3, and `ethtool -g` shows RX 1056.
ip link set "$VMX" mtu 9000
P=$(profile rings-4096 vmxnet3 '    ring: { rx: 4096 }')
echo "=== d2-apply"; run apply --profile "$P"
echo "=== d2-rollback"; run rollback --to baseline
echo "=== d2-ethtool"; ethtool -g "$VMX"
ip link set "$VMX" mtu 1500; ethtool -G "$VMX" rx 1024; rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 7 (Defect7_an_mtu_raised_after_tuning_is_invisible_to_ethtool_and_is_no_drift): rx 4096 at MTU 1500, then
# MTU 9000 behind the agent: `ethtool -g` still shows 4096 and the plan is unchanged, with 0 changes.
echo "=== d7-apply"; run apply --profile "$P"
ip link set "$VMX" mtu 9000
echo "=== d7-ethtool"; ethtool -g "$VMX"
echo "=== d7-plan"; run plan --profile "$P"
run rollback --to baseline >/dev/null; ip link set "$VMX" mtu 1500; rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 5 (Defect5_all_ring_fields_of_a_device_go_in_one_request_and_reset_it_once): rx, rx-jumbo and tx in one
# SRINGPARAM: carrier_changes grows by 2 (one down, one up) for the apply, not 6.
P=$(profile rings-three vmxnet3 '    ring: { rx: 2048, rx-jumbo: 1024, tx: 1024 }')
echo "=== d5-carrier-before"; cat "/sys/class/net/$VMX/carrier_changes"
echo "=== d5-apply"; run apply --profile "$P"
echo "=== d5-carrier-after"; cat "/sys/class/net/$VMX/carrier_changes"
run rollback --to baseline >/dev/null; rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 3 (Defect3_a_refusal_met_at_write_time_is_remembered_for_the_device_...): virtio-net refuses coalescing with
# EOPNOTSUPP: the apply's row is unsupported with errno 95, rollback --to previous has nothing to undo, and the next
# plan says unsupported with EOPNOTSUPP and writes nothing.
P=$(profile virtio-coalesce virtio_net '    coalesce: { rx-usecs: 50 }')
echo "=== d3-apply"; run apply --profile "$P"
echo "=== d3-rollback-previous"; run rollback --to previous
echo "=== d3-plan"; run plan --profile "$P"
rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 8 (Defect8_virtio_net_rings_are_planned_as_a_power_of_two_and_never_fail_at_write_time): rx/tx 200 is planned
# clamped to 128, the apply succeeds and `ethtool -g` shows 128; `rx: max` plans unchanged 256.
P=$(profile virtio-200 virtio_net '    ring: { rx: 200, tx: 200 }')
echo "=== d8-plan"; run plan --profile "$P"
echo "=== d8-apply"; run apply --profile "$P"
echo "=== d8-ethtool"; ethtool -g "$VIRTIO"
run rollback --to baseline >/dev/null
echo "=== d8-max"; run plan --profile "$(profile virtio-max virtio_net '    ring: { rx: max }')"
rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 6 (Defect6_e1000e_rx_usecs_...): rx-usecs 5 is planned unsupported (the guest's driver answers EINVAL to
# `ethtool -C rx-usecs 5`); 4 is applied and `ethtool -c` shows 4; the metrics show nictune_rx_coalesce_mode.
echo "=== d6-ethtool-5"; ethtool -C "$E1000E" rx-usecs 5; echo "exit $?"
echo "=== d6-plan-5"; run plan --profile "$(profile e1000e-5 e1000e '    coalesce: { rx-usecs: 5 }')"
echo "=== d6-apply-4"; run apply --profile "$(profile e1000e-4 e1000e '    coalesce: { rx-usecs: 4 }')"
echo "=== d6-ethtool-c"; ethtool -c "$E1000E"
run rollback --to baseline >/dev/null; rm -rf "$STATE"; STATE=$(mktemp -d)

# Defect 10 (Defect10_plan_counts_steering_kept_across_a_link_reset_...): with RPS applied, a ring change plans the
# kept RPS/XPS rewrites but counts 1 change; a request above the maximum plans clamped.
run apply --profile "$(profile rps vmxnet3 '    rps: { cpus: all }')" >/dev/null
echo "=== d10-plan-text"; "$NICTUNE" plan --profile "$(profile rps-ring vmxnet3 '    ring: { rx: 2048 }
    rps: { cpus: all }')" --state-dir "$STATE" | head -n1
echo "=== d10-clamped"; run plan --profile "$(profile above-max vmxnet3 '    ring: { rx: 9000 }')"
run rollback --to baseline >/dev/null; rm -rf "$STATE"
