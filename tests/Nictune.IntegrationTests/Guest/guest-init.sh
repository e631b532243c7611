#!/bin/bash
# PID 1 of the test guest (docs/testing-guest.md), run from the 9p share "io" the initramfs mounted at /run/io.
# Loads the NIC drivers (there is no udev to load them), waits for the interfaces the harness asked for, then serves
# the harness on the second serial port: "run NAME" runs /run/io/NAME.sh into /run/io/NAME.out and answers
# "done NAME EXIT"; "poweroff" powers the guest off. Anything that goes wrong powers it off too.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
io=/run/io
poweroff() { sync; echo o >/proc/sysrq-trigger; sleep 30; }
trap poweroff EXIT

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /tmp
# devtmpfs has no /dev/fd; bash's process substitution and many tools expect it (udev would make it).
ln -sf /proc/self/fd /dev/fd
hostname guest
ip link set lo up

# Run from the overlay's tmpfs: a binary executed from the 9p share pages in over 9p on every start (seconds under TCG).
cp "$io/nictune" /usr/local/sbin/nictune
mkdir -p /usr/lib/nictune && cp -r "$io/profiles" /usr/lib/nictune/profiles

# shellcheck disable=SC2046 # one word per module
modprobe -a $(cat "$io/modules")
want=$(cat "$io/nics")
for _ in $(seq 600); do
  have=$(ls /sys/class/net | grep -vc '^lo$')
  [ "$have" -ge "$want" ] && break
  sleep 0.1
done
for nic in /sys/class/net/*; do ip link set "${nic##*/}" up; done
echo "guest: $have of $want interfaces at $(cut -d' ' -f1 /proc/uptime) s"

exec 3<>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo
echo "ready $(cut -d' ' -f1 /proc/uptime)" >&3
while read -r -u 3 verb name; do
  case "$verb" in
    run)
      bash "$io/$name.sh" >"$io/$name.out" 2>&1
      echo "done $name $?" >&3 ;;
    poweroff) break ;;
  esac
done
