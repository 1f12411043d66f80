#!/usr/bin/env bash
# packaging/build_deb.sh — Cordon as a Debian package, from this checkout.
#
#   1. the icons from resources/cordon.svg (packaging/make_icons.py);
#   2. the one-folder build (PyInstaller, packaging/cordon.spec) into
#      packaging/out/dist/cordon (its work files cached in .cache/pyinstaller);
#   3. packaging/out/cordon_VERSION_amd64.deb: the folder in /opt/cordon,
#      /usr/bin/cordon, the desktop entry, the icon in every size, the engine's
#      systemd unit, and the system libraries Qt needs as dependencies.
#
# Needs the checkout set up (scripts/bootstrap.sh: .venv with PyInstaller) and
# dpkg-deb. Prints the .deb's path on stdout; everything else goes to stderr.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd -- "${ROOT}"
exec 3>&1 1>&2

PY="${ROOT}/.venv/bin/python"
OUT="${ROOT}/packaging/out"
VERSION="$("${PY}" -c 'import main; print(main.__version__)')"
ARCH="$(dpkg --print-architecture)"

# The libraries Qt's xcb platform, OpenGL, fonts and D-Bus load from the system
# (the same list scripts/bootstrap.sh installs for a window).
DEPENDS="libc6 (>= 2.36), libglib2.0-0, libegl1, libgl1, libfontconfig1, libfreetype6, \
libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcb1, \
libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-randr0, \
libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libxcb-xinerama0, libxcb-xinput0, \
libxcb-sync1, libxcb-xfixes0, libxcb-render0, libxcb-shm0, libxrender1, libsm6, libice6"

echo "Cordon: rendering the icons ..."
"${PY}" packaging/make_icons.py

echo "Cordon: building the one-folder app with PyInstaller ..."
"${ROOT}/.venv/bin/pyinstaller" --noconfirm --log-level ERROR \
    --distpath "${OUT}/dist" --workpath "${ROOT}/.cache/pyinstaller" packaging/cordon.spec

echo "Cordon: making the Debian package ..."
STAGE="${OUT}/deb/cordon"
rm -rf -- "${STAGE}"
mkdir -p "${STAGE}/DEBIAN" "${STAGE}/opt" "${STAGE}/usr/bin" \
    "${STAGE}/usr/share/applications" "${STAGE}/usr/share/doc/cordon" \
    "${STAGE}/usr/share/icons/hicolor/scalable/apps" "${STAGE}/usr/lib/systemd/system"
cp -a "${OUT}/dist/cordon" "${STAGE}/opt/cordon"
ln -s /opt/cordon/cordon "${STAGE}/usr/bin/cordon"
install -m 0644 packaging/linux/cordon.desktop "${STAGE}/usr/share/applications/cordon.desktop"
install -m 0644 resources/cordon.svg "${STAGE}/usr/share/icons/hicolor/scalable/apps/cordon.svg"
for png in "${OUT}"/icons/cordon-*.png; do
    size="$(basename "${png}" .png)"
    size="${size#cordon-}"
    mkdir -p "${STAGE}/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 0644 "${png}" "${STAGE}/usr/share/icons/hicolor/${size}x${size}/apps/cordon.png"
done
install -m 0644 resources/systemd/cordon-engine@.service "${STAGE}/usr/lib/systemd/system/"
{
    echo "Cordon ${VERSION}: incident communications console."
    echo "Fonts: DejaVu Sans (Bitstream Vera licence) and Noto Color Emoji (SIL OFL 1.1),"
    echo "in /opt/cordon/_internal/resources/fonts with their licences."
} >"${STAGE}/usr/share/doc/cordon/README"
size_kb="$(du -sk "${STAGE}" | cut -f1)"
cat >"${STAGE}/DEBIAN/control" <<CONTROL
Package: cordon
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: Cordon <cordon@localhost>
Installed-Size: ${size_kb}
Depends: ${DEPENDS}
Section: net
Priority: optional
Description: incident communications console for UK emergency services
 Cordon lets a police, fire, ambulance or council communications team publish,
 hold and answer posts across their social networks during an incident, with an
 audit trail that proves what was said and when. Everything is kept in an
 encrypted store on this computer.
CONTROL
cat >"${STAGE}/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
POSTINST
chmod 0755 "${STAGE}/DEBIAN/postinst"
DEB="${OUT}/cordon_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "${STAGE}" "${DEB}" >/dev/null
rm -rf -- "${STAGE}"
echo "Cordon: built ${DEB}"
echo "${DEB}" >&3
