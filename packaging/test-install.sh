#!/usr/bin/env bash
# Installs, upgrades, removes and purges the nictune .deb in a throw-away overlay of a Debian root, with chroot:
#   packaging/test-install.sh ROOT DEB UPGRADE_DEB
# ROOT is a debootstrap'd Debian root (never changed: all writes go to an overlay upper dir that is deleted). No
# systemd runs in a chroot, so this also checks that the maintainer scripts enable the unit through the preset
# without starting anything. Prints one "ok: ..." line per check and exits non-zero at the first failure.
set -euo pipefail
if [ -z "${NICTUNE_TEST_INSTALL_NS:-}" ]; then
  # A private mount namespace: the overlay, /proc and /sys mounts vanish with this process, even on a crash.
  exec unshare --mount --propagation private env NICTUNE_TEST_INSTALL_NS=1 "$0" "$@"
fi
root=$1 deb=$2 upgrade=$3
work=$(mktemp -d /tmp/nictune-install.XXXXXX)
trap 'umount -R "$work/merged" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work"/{upper,work,merged}
mount -t overlay overlay -o "lowerdir=$root,upperdir=$work/upper,workdir=$work/work" "$work/merged"
m="$work/merged"
in_root() { chroot "$m" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
snapshot() {
  # Every path in the root except what dpkg, logs and caches keep by design (Debian policy lets a purged package
  # leave its system group in /etc/group).
  (cd "$m" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp \
      -o -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache \) -prune -o -print) \
    | grep -v -E '^\./etc/(group|gshadow|\.pwd\.lock)(-)?$' | sort
}

version=$(dpkg-deb -f "$deb" Version)
snapshot > "$work/before"
cp "$deb" "$upgrade" "$m/tmp/"

in_root dpkg -i "/tmp/$(basename "$deb")" > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "dpkg -i"; }
ok "dpkg -i nictune $version"
in_root nictune --version | grep -q "^$version" || fail "nictune --version does not start with $version: $(in_root nictune --version)"
ok "nictune --version: $(in_root nictune --version)"
mount -t proc proc "$m/proc"
mount -t sysfs sysfs "$m/sys"
in_root nictune detect --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["interfaces"], d' \
  || fail "nictune detect --json in the root"
ok "nictune detect --json parses and lists interfaces"
umount "$m/sys" "$m/proc"
in_root getent group nictune >/dev/null || fail "no nictune group"
ok "the nictune system group exists"
[ -L "$m/etc/systemd/system/multi-user.target.wants/nictune.service" ] || fail "the preset did not enable nictune.service"
ok "the preset enabled nictune.service"
[ "$(stat -c %a "$m/var/lib/nictune")" = 700 ] || fail "/var/lib/nictune is not mode 0700"
ok "/var/lib/nictune is 0700"
[ ! -e "$m/var/lib/nictune/baseline.json" ] || fail "something tuned inside the chroot (a baseline exists)"
ok "nothing was tuned in the chroot"
in_root dpkg-query -W -f='${Conffiles}\n' nictune | grep -q '/etc/nictune/agent.yaml' || fail "agent.yaml is not a conffile"
ok "/etc/nictune/agent.yaml is a conffile"
in_root dpkg --verify nictune || fail "dpkg --verify nictune (md5sums) found changed files"
ok "dpkg --verify: every installed file matches the package's md5sums"
[ -f "$m/usr/share/man/man8/nictune.8.gz" ] || fail "no nictune(8)"
completed=$(in_root bash -c 'source /usr/share/bash-completion/completions/nictune
  COMP_LINE="nictune det" COMP_POINT=11 COMP_WORDS=(nictune det) COMP_CWORD=1
  _nictune nictune det nictune && echo "${COMPREPLY[*]}"')
[ "$completed" = detect ] || fail "bash completion of 'nictune det' in the root gave '$completed'"
ok "nictune(8) is installed and bash completion completes 'nictune det' to detect"

# Upgrade: an edited configuration and a pushed profile survive.
echo "profile: balanced" >> "$m/etc/nictune/agent.yaml"
mkdir -p "$m/var/lib/nictune/pushed" && echo "name: pushed" > "$m/var/lib/nictune/pushed/pushed.yaml"
in_root dpkg -i "/tmp/$(basename "$upgrade")" > "$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "upgrade"; }
grep -q '^profile: balanced$' "$m/etc/nictune/agent.yaml" || fail "the upgrade replaced the edited agent.yaml"
[ -f "$m/var/lib/nictune/pushed/pushed.yaml" ] || fail "the upgrade lost the pushed profile"
ok "upgrade to $(dpkg-deb -f "$upgrade" Version) kept the edited agent.yaml and the pushed profile"

in_root dpkg -r nictune > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
[ ! -e "$m/usr/bin/nictune" ] || fail "remove left /usr/bin/nictune"
[ -f "$m/etc/nictune/agent.yaml" ] || fail "remove deleted the configuration (only purge may)"
ok "dpkg -r removed the files and kept the configuration"

in_root dpkg -P nictune > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg -P"; }
snapshot > "$work/after"
if ! diff "$work/before" "$work/after" > "$work/left"; then
  cat "$work/left" >&2
  fail "purge left files behind (< before, > after)"
fi
ok "dpkg -P left nothing behind but the nictune group"
