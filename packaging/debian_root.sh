#!/usr/bin/env bash
# packaging/debian_root.sh DIR — a clean Debian 12 (bookworm) root in DIR, for trying
# the .deb on a system with no Python project on it (tests/packaging).
#
# The first run makes it with debootstrap (--variant=minbase: essential and required
# packages, no Python) from Debian's own archive, and keeps a tarball of it in
# .cache/debian12-minbase.tar.gz inside this checkout; later runs unpack that. Run as
# root (debootstrap, chroot and mounts need it); installs debootstrap if missing.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
CACHE="${ROOT}/.cache"
TARBALL="${CACHE}/debian12-minbase.tar.gz"
MIRROR="${CORDON_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
target="${1:?usage: packaging/debian_root.sh DIR}"

if ((EUID != 0)); then
    echo "packaging/debian_root.sh: making a Debian root needs root." >&2
    exit 1
fi
mkdir -p -- "${CACHE}" "${target}"
if [[ ! -s "${TARBALL}" ]]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
        echo "Cordon: installing debootstrap ..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y \
            --no-install-recommends debootstrap >/dev/null \
            || { apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -q \
                install -y --no-install-recommends debootstrap >/dev/null; }
    fi
    echo "Cordon: making a Debian 12 root with debootstrap (cached afterwards) ..." >&2
    fresh="$(mktemp -d "${CACHE}/debootstrap.XXXXXX")"
    trap 'rm -rf -- "${fresh}"' EXIT
    debootstrap --variant=minbase bookworm "${fresh}/root" "${MIRROR}" >"${fresh}/log" 2>&1 \
        || { tail -n 30 "${fresh}/log" >&2; exit 1; }
    tar -C "${fresh}/root" -czf "${TARBALL}.part" .
    mv -- "${TARBALL}.part" "${TARBALL}"
fi
tar -C "${target}" -xzf "${TARBALL}"
