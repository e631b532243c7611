#!/usr/bin/env bash
# Builds the guest the QEMU tests boot (docs/testing-guest.md): a Debian kernel, a busybox initramfs that mounts the
# root over 9p, and a debootstrap root with the tools the scenarios read settings with. Nothing is installed on the
# host: the kernel package is only downloaded and unpacked into the root.
#   build-guest.sh OUT MIRROR SUITE
# OUT ends up holding vmlinuz, initrd.img, kernel-release and root/. The test fixture keys OUT by a hash of this
# file, so a changed recipe builds a new guest.
set -euo pipefail
out=$1 mirror=$2 suite=$3
work=$out.building
rm -rf --one-file-system "$work"
mkdir -p "$work"

# The root: minbase plus what the scenarios run (ethtool, ip, sysctl, modprobe), and systemd for the guest that
# boots it as PID 1 with the .deb installed (guest-init.sh; apt and dpkg are in minbase). No udev and no dbus: the
# harness loads the NIC drivers before systemd starts, and systemctl reaches PID 1 on its private socket.
debootstrap --variant=minbase --include=ethtool,iproute2,kmod,procps,systemd "$suite" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 40 "$work/root/debootstrap/debootstrap.log" 2>/dev/null || tail -n 40 "$work/debootstrap.log"; exit 1; }

# The kernel: the suite's current linux-image-6.1.*-amd64, unpacked (dpkg -x) into the root. Its package ships no
# modules.dep, so depmod runs for it against the root.
image=$(apt-cache depends linux-image-amd64 | sed -nE 's/^ *Depends: (linux-image-6\.1\.[^ ]*-amd64)$/\1/p' | head -n 1)
[ -n "$image" ] || { echo "no linux-image-6.1.*-amd64 known to apt (run apt-get update)"; exit 1; }
# Unpacked beside the root, not into it: tar would replace the root's /lib -> usr/lib link with a directory.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$image" >/dev/null)
dpkg -x "$work"/"$image"_*.deb "$work/kernel"
rm -f "$work"/"$image"_*.deb
release=$(ls "$work/kernel/lib/modules")
cp -a "$work/kernel/lib/modules" "$work/root/usr/lib/"
cp "$work/kernel/boot/vmlinuz-$release" "$work/vmlinuz"
rm -rf "$work/kernel"
depmod -b "$work/root" "$release"
echo "$release" >"$work/kernel-release"

# The initramfs: busybox and the modules the 9p root and the overlay need, in the order modprobe resolves them
# (modprobe -d prints each module's path with the root in front).
initramfs=$work/initramfs
mkdir -p "$initramfs"/{bin,dev,proc,sys,lower,upper,newroot,modules}
cp /bin/busybox "$initramfs/bin/busybox"
for module in virtio_pci 9pnet_virtio 9p overlay; do
  modprobe -d "$work/root" -S "$release" --show-depends "$module" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r path; do
  name=$(basename "$path")
  case "$name" in
    *.ko) cp "$path" "$initramfs/modules/$name" ;;
    *.ko.xz) xz -dc "$path" >"$initramfs/modules/${name%.xz}" ;;
    *) echo "unexpected module file $path"; exit 1 ;;
  esac
  echo "${name%.xz}" >>"$initramfs/modules/order"
done
cat >"$initramfs/init" <<'EOF'
#!/bin/busybox sh
# Loads the 9p and overlay modules, mounts the read-only 9p root under a tmpfs overlay (the cached root is never
# written), mounts the 9p share "io" at /run/io, and hands over to the harness's script on that share.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r module; do insmod "/modules/$module" || echo "initramfs: insmod $module failed"; done </modules/order
mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=262144 root /lower
mount -t tmpfs -o mode=0755 upper /upper
mkdir -p /upper/data /upper/work
mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /newroot
mkdir -p /newroot/run/io
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 io /newroot/run/io
mount --move /dev /newroot/dev
umount /proc /sys
exec switch_root /newroot /bin/bash /run/io/init.sh
EOF
chmod 0755 "$initramfs/init"
(cd "$initramfs" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.img"
rm -rf "$initramfs"

rm -rf --one-file-system "$out"
mv "$work" "$out"
