#!/bin/bash
# PID 1 of the test guest (docs/testing-guest.md), run from the 9p share "io" the initramfs mounted at /run/io.
# Loads the NIC drivers (there is no udev to load them), waits for the interfaces the harness asked for, then serves
# the harness on the second serial port: "run NAME" runs /run/io/NAME.sh into /run/io/NAME.out and answers
# "done NAME EXIT"; "poweroff" powers the guest off. Anything that goes wrong powers it off too.
# With nictune.deb on the share, the guest boots systemd instead: this script installs the package and hands PID 1
# to systemd, whose unit guest-harness.service runs this script again as "init.sh serve" to serve the harness.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
io=/run/io
poweroff() { sync; echo o >/proc/sysrq-trigger; sleep 30; }
trap poweroff EXIT

serve() {
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
}
[ "${1:-}" = serve ] && { serve; exit; }

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /tmp
# devtmpfs has no /dev/fd; bash's process substitution and many tools expect it (udev would make it).
ln -sf /proc/self/fd /dev/fd
hostname guest
ip link set lo up

# Run from the overlay's tmpfs: a binary executed from the 9p share pages in over 9p on every start (seconds under TCG).
# The systemd guest gets both from its package instead.
if [ ! -e "$io/nictune.deb" ]; then
  cp "$io/nictune" /usr/local/sbin/nictune
  mkdir -p /usr/lib/nictune && cp -r "$io/profiles" /usr/lib/nictune/profiles
fi

# The waits count with bash's globs and the links go up in one ip: each process start costs a good fraction of a
# second under TCG.
# shellcheck disable=SC2046 # one word per module
modprobe -a $(<"$io/modules")
want=$(<"$io/nics")
for _ in $(seq 600); do
  nics=(/sys/class/net/*); have=$((${#nics[@]} - 1))
  [ "$have" -ge "$want" ] && break
  sleep 0.1
done
nics=(/sys/class/net/*)
printf 'link set %s up\n' "${nics[@]##*/}" | ip -force -batch -
read -r uptime _ </proc/uptime
echo "guest: $have of $want interfaces at $uptime s"

if [ -e "$io/nictune.deb" ]; then
  # Installed as an image build would: no systemd runs yet, so the postinst only enables the unit (the preset) and
  # systemd starts it at boot. guest-baseline.service runs the harness's snapshot.sh after systemd-sysctl and before
  # nictune starts: every tunable value as it was before nictune, what `apt remove` must put back.
  # The debootstrap root keeps apt's index of the whole suite, which an image build drops (rm -rf
  # /var/lib/apt/lists/*): `apt remove` needs only dpkg's database, and would parse the index under TCG first.
  rm -rf /var/lib/apt/lists/*
  dpkg -i "$io/nictune.deb" >"$io/dpkg-install.log" 2>&1 || echo "guest: dpkg -i nictune.deb failed"
  units=/etc/systemd/system
  printf '%s\n' '[Unit]' 'DefaultDependencies=no' 'After=local-fs.target systemd-sysctl.service' 'Before=nictune.service' \
    '[Service]' 'Type=oneshot' "ExecStart=/bin/bash $io/snapshot.sh" "StandardOutput=file:$io/baseline.out" >"$units/guest-baseline.service"
  printf '%s\n' '[Unit]' 'DefaultDependencies=no' '[Service]' "ExecStart=/bin/bash $io/init.sh serve" >"$units/guest-harness.service"
  mkdir -p "$units/sysinit.target.wants"
  ln -s ../guest-baseline.service ../guest-harness.service "$units/sysinit.target.wants/"
  # systemd mounts a tmpfs on /run unless one is there, which would hide the share: give it one that holds the share.
  mkdir -p /newrun && mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newrun && mkdir /newrun/io
  mount --move "$io" /newrun/io && mount --move /newrun /run
  exec /lib/systemd/systemd
fi
serve
