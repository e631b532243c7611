#!/usr/bin/env bash
# Builds the nictune .deb (dpkg-deb) and .rpm (rpmbuild) from the NativeAOT binary.
#   packaging/build.sh [--arch x64|arm64] [--version V] [--binary PATH] [--out DIR] [--deb-only]
# The version comes from one place, <Version> in Directory.Build.props (what `nictune --version` prints); --version
# overrides it for both the binary and the packages. --binary packages an already published nictune instead of
# publishing one (the tests pass the binary tests/run.sh published); that binary keeps the version it was built with.
# --deb-only builds the .deb alone, without rpmbuild (the guest tests install only the .deb).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
arch=x64 version="" binary="" out="$repo/artifacts/packages" rpm=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --deb-only) rpm=0; shift ;;
    *) echo "usage: $0 [--arch x64|arm64] [--version V] [--binary PATH] [--out DIR] [--deb-only]" >&2; exit 2 ;;
  esac
done
case "$arch" in
  x64) deb_arch=amd64 rpm_arch=x86_64 ;;
  arm64) deb_arch=arm64 rpm_arch=aarch64 ;;
  *) echo "--arch: expected x64 or arm64, got '$arch'" >&2; exit 2 ;;
esac
if [ -z "$version" ]; then
  version=$(dotnet msbuild "$repo/agent/Nictune.Host" -getProperty:Version)
fi
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "--version: expected MAJOR.MINOR.PATCH, got '$version'" >&2; exit 2
fi

work=$(mktemp -d /tmp/nictune-pkg.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$binary" ]; then
  cross=()
  if [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
    # linux-arm64 from an x86_64 machine: the ILCompiler's arm64 runtime pack restores from NuGet, and Debian's cross
    # toolchain links it (docs/install.md, "linux-arm64").
    if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v aarch64-linux-gnu-objcopy >/dev/null; then
      echo "--arch arm64: install Debian's gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu and libc6-dev-arm64-cross" >&2
      exit 2
    fi
    cross=(-p:CppCompilerAndLinker="$repo/packaging/cross/aarch64-linux-gnu-gcc" -p:ObjCopyName=aarch64-linux-gnu-objcopy)
  fi
  dotnet publish "$repo/agent/Nictune.Host" -r "linux-$arch" -c Release -nologo -v quiet -p:Version="$version" \
    "${cross[@]}" -o "$work/publish"
  binary="$work/publish/nictune"
fi

# One staged tree, the same for both formats.
root="$work/root"
install -D -m 0755 "$binary" "$root/usr/bin/nictune"
install -D -m 0644 "$repo/systemd/nictune.service" "$root/usr/lib/systemd/system/nictune.service"
install -D -m 0644 "$repo/systemd/agent.yaml" "$root/etc/nictune/agent.yaml"
install -D -m 0644 "$repo/packaging/sysusers.d/nictune.conf" "$root/usr/lib/sysusers.d/nictune.conf"
install -d -m 0700 "$root/var/lib/nictune"
install -d -m 0755 "$root/usr/lib/nictune/profiles"
install -m 0644 "$repo"/packaging/profiles/*.yaml "$root/usr/lib/nictune/profiles/"
install -d -m 0755 "$root/usr/share/nictune"
install -m 0644 "$repo/packaging/prometheus/nictune-alerts.yaml" "$repo/packaging/prometheus/scrape.yaml" \
  "$repo/packaging/grafana/nictune.json" "$root/usr/share/nictune/"
install -D -m 0644 "$repo/packaging/debian/copyright" "$root/usr/share/doc/nictune/copyright"
# nictune(8), generated from the CLI's help (`nictune man`; a unit test keeps the file equal to it), compressed with
# -n (no name or timestamp: reproducible) as Debian policy and rpm's brp-compress both want it.
install -d -m 0755 "$root/usr/share/man/man8"
gzip -9n < "$repo/packaging/man/nictune.8" > "$root/usr/share/man/man8/nictune.8.gz"
chmod 0644 "$root/usr/share/man/man8/nictune.8.gz"
# Bash completion: a shim that asks nictune itself (System.CommandLine's suggest directive).
install -D -m 0644 "$repo/packaging/bash-completion/nictune" "$root/usr/share/bash-completion/completions/nictune"
mkdir -p "$out"

# .deb: the changelog compressed with -n (no timestamp, so the package is reproducible), the size in control.
deb="$work/deb"
cp -a "$root" "$deb"
# A native package (no Debian revision), so the changelog is changelog.gz.
sed "s/@VERSION@/$version/" "$repo/packaging/debian/changelog" | gzip -9n > "$deb/usr/share/doc/nictune/changelog.gz"
chmod 0644 "$deb/usr/share/doc/nictune/changelog.gz"
install -D -m 0644 "$repo/packaging/debian/lintian-overrides" "$deb/usr/share/lintian/overrides/nictune"
install -d -m 0755 "$deb/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$deb" | cut -f1)/" \
  "$repo/packaging/debian/control" > "$deb/DEBIAN/control"
install -m 0644 "$repo/packaging/debian/conffiles" "$deb/DEBIAN/conffiles"
# md5sums for `dpkg --verify` (debsums): every file but the conffiles, whose sums dpkg keeps itself.
(cd "$deb" && find . -type f ! -path ./DEBIAN/\* ! -path ./etc/\* -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$deb/DEBIAN/md5sums"
chmod 0644 "$deb/DEBIAN/md5sums"
for script in postinst prerm postrm; do
  install -m 0755 "$repo/packaging/debian/$script" "$deb/DEBIAN/$script"
done
debfile="$out/nictune_${version}_${deb_arch}.deb"
dpkg-deb --root-owner-group --build "$deb" "$debfile" >/dev/null
echo "$debfile"
[ "$rpm" = 1 ] || exit 0

# .rpm: the spec installs the staged tree as it is; rpmbuild only packs it.
if command -v rpmbuild >/dev/null; then
  top="$work/rpmbuild"
  mkdir -p "$top"/{BUILD,RPMS,SPECS,SRPMS,BUILDROOT}
  rpmbuild -bb --quiet --target "$rpm_arch" \
    --define "_topdir $top" --define "nictune_version $version" --define "staged $root" \
    --define "_build_id_links none" \
    "$repo/packaging/rpm/nictune.spec" >/dev/null
  rpmfile="$out/nictune-${version}-1.${rpm_arch}.rpm"
  cp "$top/RPMS/$rpm_arch/"*.rpm "$rpmfile"
  echo "$rpmfile"
else
  echo "rpmbuild not found (Debian package 'rpm'): no .rpm built" >&2
fi
