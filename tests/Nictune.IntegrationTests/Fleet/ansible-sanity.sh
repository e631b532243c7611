#!/usr/bin/env bash
# Runs `ansible-test sanity` on packaging/ansible, copied under ansible_collections/nictune/agent in a temp dir.
#
# ansible-test runs each sanity test that needs Python packages in a virtual environment of its own, which it fills
# from PyPI with pinned versions. This machine (and CI) reaches Debian's packages only, so each such environment is
# made here instead, before ansible-test looks: a venv of Debian's /usr/bin/python3 with --system-site-packages, so it
# sees Debian's pylint, pycodestyle, yamllint, voluptuous, Jinja2 and PyYAML (versions near the pins, not equal:
# `ansible-test sanity --requirements` with PyPI would use the pinned ones). ansible-test names each environment by a
# hash of its requirements; the path is taken from its own refusal on the first try, so nothing here guesses it.
# Usage: ansible-sanity.sh COLLECTION_DIR   (exit 0 when every sanity test passes or is skipped by ansible-test itself)
set -euo pipefail
source_dir=$(cd "$1" && pwd)
shift
work=$(mktemp -d /tmp/nictune-ansible-sanity.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"   # ansible-test keeps its environments under ~/.ansible/test: ours, not the user's
export PATH="/usr/bin:/bin:/usr/sbin:/sbin"
mkdir -p "$HOME" "$work/ansible_collections/nictune"
cp -r "$source_dir" "$work/ansible_collections/nictune/agent"
cd "$work/ansible_collections/nictune/agent"
# ansible-test lists a collection's files from git when it is a repository, else from the tree; a plain tree is fine.
for attempt in $(seq 1 12); do
  if ansible-test sanity --python 3.11 --color no "$@" >"$work/out" 2>&1; then
    cat "$work/out"
    exit 0
  fi
  venv=$(sed -nE 's/^FATAL: Python [0-9.]+ at "(.*)\/bin\/python" does not have pip available\.$/\1/p' "$work/out")
  if [ -z "$venv" ]; then
    cat "$work/out"
    exit 1
  fi
  rm -rf "$venv"
  /usr/bin/python3 -m venv --system-site-packages --without-pip "$venv"
  echo '[]' >"$venv/meta.install.json"
  /usr/bin/python3 -c 'import json, yaml; print(json.dumps({"yaml": True, "cloader": hasattr(yaml, "CLoader")}))' >"$venv/meta.yaml.json"
  touch "$venv/marker.txt"
  echo "seeded ${venv#"$HOME"/} from Debian's packages"
done
cat "$work/out"
exit 1
