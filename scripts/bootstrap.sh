#!/usr/bin/env bash
# scripts/bootstrap.sh [--gui]
#
# Makes this checkout ready to run and test Cordon, and does nothing when it
# already is.  `./run` and `./test` call it before anything else.
#
#   1. System packages (Debian/Ubuntu only): the shared libraries Qt needs.
#      Always the set for the offscreen platform (tests, headless CLI verbs);
#      with --gui also the set for a real X11 window and for Xvfb screenshots.
#      Each package is checked with dpkg; `apt-get update` runs once and only
#      when something is missing.  As non-root it lists what is missing and
#      stops instead of installing.
#   2. A virtual environment at <repo>/.venv, made with Python 3.11 or newer
#      (python3.11 first, then python3).  On Debian `python3 -m venv` needs the
#      pythonX.Y-venv package (it carries ensurepip); that is installed in step 1.
#   3. `pip install -e '.[dev]'` into it.  Skipped when .setup-stamp holds the
#      sha256 of pyproject.toml + this script and the venv's python still runs.
#
# It prints nothing when there is nothing to do, and one "Cordon: setting up
# ..." line per thing it installs.  All its output goes to stderr, so the
# stdout of `./run <verb>` stays clean for pipes.  Errors are always shown.
#
# Run it (bash scripts/bootstrap.sh); if it is sourced it runs itself in a
# child bash, so its `set -e` and `exit` never leak into the caller.

if [[ "${BASH_SOURCE[0]}" != "${0}" ]]; then
    bash "${BASH_SOURCE[0]}" "$@"
    return $?
fi

set -euo pipefail

# Everything below is diagnostics for a person, not data: keep stdout clean.
exec 1>&2

# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------

# Offscreen platform (pytest, headless verbs).  libfontconfig1 brings the
# DejaVu fonts, so text renders.  dbus-daemon and dbus-bin: the tests stand up a
# private bus to send the desktop's lock and sleep signals (tests/gui/test_system_lock.py).
# fonts-dejavu-core: the incident report's PDF font (incident/pdf.py).
# ca-certificates: pip is pointed at the system
# CA bundle on some machines (PIP_CERT / pip.conf), and a minimal Debian has none.
readonly BASE_PACKAGES=(
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0
    ca-certificates
    dbus-daemon dbus-bin
    fonts-dejavu-core
)

# A real window through the xcb platform plugin, and Xvfb for screenshots.
# (When libxcb-icccm4 is missing Qt's error blames libxcb-cursor0 instead;
# QT_DEBUG_PLUGINS=1 shows the real culprit.)
readonly GUI_PACKAGES=(
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
    xvfb xauth
)

REPO_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly REPO_ROOT
readonly SELF="${REPO_ROOT}/scripts/bootstrap.sh"
readonly VENV="${REPO_ROOT}/.venv"
readonly VENV_PY="${VENV}/bin/python"
readonly STAMP="${REPO_ROOT}/.setup-stamp"

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

say() { printf 'Cordon: %s\n' "$*"; }
die() { printf 'Cordon setup failed: %s\n' "$*"; exit 1; }

usage() {
    cat <<'EOF'
usage: scripts/bootstrap.sh [--gui]

Installs what Cordon needs into this checkout (system libraries for Qt, a
virtual environment at .venv, the project with its dev tools) and does nothing
when everything is already in place.

  --gui   also install the libraries for a real window and Xvfb
EOF
}

# True when the Debian package (or its 64-bit-time_t rename, "<name>t64", used
# by Debian 13 / Ubuntu 24.04 for e.g. libglib2.0-0) is fully installed.
# `dpkg -s` alone is not enough: it succeeds for a removed package whose
# config files remain ("deinstall ok config-files"), so read the Status line.
deb_installed() {
    local name
    for name in "$1" "$1t64"; do
        if dpkg -s "${name}" 2>/dev/null | grep -q '^Status: install ok installed$'; then
            return 0
        fi
    done
    return 1
}

# Prints the sha256 that .setup-stamp must hold for the pip step to be skipped.
wanted_stamp() {
    cat "${REPO_ROOT}/pyproject.toml" "${SELF}" | sha256sum | cut -d' ' -f1
}

# True when the venv's interpreter starts and is 3.11 or newer, and its pip works
# (a venv that Debian's venv module half-made without ensurepip has no pip).
venv_usable() {
    [[ -x "${VENV_PY}" ]] \
        && "${VENV_PY}" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
        && "${VENV_PY}" -m pip --version >/dev/null 2>&1
}

# Sets PYTHON to the interpreter to build the venv with, or stops.
find_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "${candidate}" >/dev/null 2>&1 \
            && "${candidate}" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            PYTHON="$(command -v "${candidate}")"
            return 0
        fi
    done
    die "Cordon needs Python 3.11 or newer, and neither python3.11 nor python3 on PATH is one (on Debian 12: apt-get install python3)."
}

# Runs a command with all its output kept in a log, and shows the end of that
# log only when the command fails.  For apt, whose chatter on stderr ("debconf:
# delaying package configuration ...", invoke-rc.d notes) is not an error.
quietly() {
    local log status=0
    log="$(mktemp)"
    "$@" >"${log}" 2>&1 || status=$?
    if ((status != 0)); then
        tail -n 40 -- "${log}"
    fi
    rm -f -- "${log}"
    return "${status}"
}

# --------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------

want_gui=0
for arg in "$@"; do
    case "${arg}" in
        --gui) want_gui=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage; die "unknown argument '${arg}'." ;;
    esac
done

# Two bootstraps at once (./run and ./test in two terminals) would fight over
# .venv: take a lock on this script's own file, so no extra file is created.
if command -v flock >/dev/null 2>&1; then
    exec 9<"${SELF}"
    if ! flock -n 9; then
        say "waiting for another setup of this checkout to finish ..."
        flock 9
    fi
fi

# --------------------------------------------------------------------------
# 1. Decide what is missing
# --------------------------------------------------------------------------

need_venv=0
venv_usable || need_venv=1

PYTHON=""
missing=()
have_dpkg=0
command -v dpkg >/dev/null 2>&1 && have_dpkg=1

if ((need_venv)); then
    find_python
    # Debian strips ensurepip out of the standard library into pythonX.Y-venv;
    # without it `python3 -m venv` leaves a venv with no pip in it.
    if ! "${PYTHON}" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        py_version="$("${PYTHON}" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        py_real="$(readlink -f -- "${PYTHON}")"
        if ((have_dpkg)) && [[ "${py_real}" == /usr/bin/* ]]; then
            missing+=("python${py_version}-venv")
        else
            die "${PYTHON} (Python ${py_version}) has no ensurepip module, so it cannot make a virtual environment; install a Python 3.11+ that includes it."
        fi
    fi
fi

if ((have_dpkg)); then
    wanted=("${BASE_PACKAGES[@]}")
    ((want_gui)) && wanted+=("${GUI_PACKAGES[@]}")
    for pkg in "${wanted[@]}"; do
        deb_installed "${pkg}" || missing+=("${pkg}")
    done
else
    say "no dpkg here (not Debian/Ubuntu): skipping the system package check; Qt needs the equivalents of: ${BASE_PACKAGES[*]}$( ((want_gui)) && printf ' %s' "${GUI_PACKAGES[@]}")."
fi

# --------------------------------------------------------------------------
# 2. System packages
# --------------------------------------------------------------------------

if ((${#missing[@]} > 0)); then
    if ((EUID != 0)); then
        printf 'Cordon needs these system packages, which are not installed:\n  %s\n' "${missing[*]}"
        printf 'Install them with:\n  sudo apt-get update && sudo apt-get install --no-install-recommends %s\n' "${missing[*]}"
        die "missing system packages, and installing them needs root (see the command above)."
    fi
    command -v apt-get >/dev/null 2>&1 || die "dpkg is here but apt-get is not, so these packages cannot be installed: ${missing[*]}."
    say "setting up system packages: ${missing[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt/dpkg (e.g. unattended-upgrades) rather than fail at once.
    apt_opts=(-o DPkg::Lock::Timeout=300 -q)
    quietly apt-get "${apt_opts[@]}" update \
        || die "apt-get update failed (see above)."
    quietly apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" \
        || die "apt-get install of ${missing[*]} failed (see above)."
fi

# --------------------------------------------------------------------------
# 3. Virtual environment
# --------------------------------------------------------------------------

if ((need_venv)); then
    say "setting up the Python environment in .venv with ${PYTHON} ..."
    # The stamp describes what was installed into the old venv: drop it with it.
    rm -f -- "${STAMP}"
    if [[ -e "${VENV}" ]]; then
        rm -rf -- "${VENV}"
    fi
    "${PYTHON}" -m venv "${VENV}" || die "could not create the virtual environment at ${VENV}."
    venv_usable || die "the new virtual environment at ${VENV} has no working pip."
    # Only on a fresh venv: the pip that ensurepip bundles can be old.
    "${VENV_PY}" -m pip install -qq --upgrade pip || die "upgrading pip in ${VENV} failed (see above)."
fi

# --------------------------------------------------------------------------
# 4. The project and its dev tools
# --------------------------------------------------------------------------

stamp="$(wanted_stamp)"
if [[ -f "${STAMP}" && "$(<"${STAMP}")" == "${stamp}" ]]; then
    exit 0
fi

say "setting up Python packages (pip install -e '.[dev]') ..."
# Any pip configuration of the machine (constraints, find-links, indexes, CA
# bundle, in /etc or the environment) applies as usual: nothing is overridden.
(cd -- "${REPO_ROOT}" && "${VENV_PY}" -m pip install -qq -e '.[dev]') \
    || die "pip could not install the project and its dev tools (see pip's errors above)."
printf '%s\n' "${stamp}" >"${STAMP}"
