#!/usr/bin/env bash
# scripts/pg-test-server.sh — a throwaway PostgreSQL server for Cordon's tests.
#
#   scripts/pg-test-server.sh run COMMAND [ARGS...]
#       Start a private cluster in a new temporary folder, run COMMAND with
#       CORDON_TEST_PG set to the folder (its socket directory), then stop the
#       server and remove the folder, whatever COMMAND did. Exits with COMMAND's code.
#   scripts/pg-test-server.sh start DIR
#       Make and start a cluster in DIR (which must not exist, or be empty).
#   scripts/pg-test-server.sh stop DIR
#       Stop the cluster in DIR and remove DIR.
#
# The server listens on a Unix socket in DIR only (listen_addresses=''): no TCP
# port, so nothing else on the machine can reach it and two runs never collide.
# It runs as an unprivileged user: as root, the `postgres` account Debian's package
# makes (PostgreSQL refuses to run as root); otherwise the caller. Tests connect as
# the role `cordon` with trust authentication, over the socket only.
#
# Debian's `postgresql` package is installed when no PostgreSQL server is found
# (as root; otherwise the script says what to install and stops). Durability is
# switched off (fsync, synchronous_commit, full_page_writes): the data is thrown
# away, and the tests measure nothing.
set -euo pipefail

say() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "${dir}/initdb" && -x "${dir}/pg_ctl" ]]; then
            printf '%s\n' "${dir}"
        fi
    done | sort -V | tail -n 1
}

ensure_installed() {
    if [[ -n "$(find_bindir)" ]]; then
        return 0
    fi
    if ((EUID != 0)); then
        die "PostgreSQL is not installed: run 'sudo apt-get install postgresql' and try again."
    fi
    say "installing Debian's postgresql package ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    # The package starts its own cluster on port 5432; the tests never use it.
    [[ -n "$(find_bindir)" ]] || die "postgresql was installed but initdb was not found."
}

# as_owner CMD...: run CMD as the user that owns the cluster.
as_owner() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local dir="$1" bindir
    ensure_installed
    bindir="$(find_bindir)"
    mkdir -p -- "${dir}"
    if [[ -n "$(ls -A -- "${dir}")" ]]; then
        die "${dir} is not empty: give a new folder."
    fi
    if ((EUID == 0)); then
        id postgres >/dev/null 2>&1 || die "there is no postgres user to run the server as."
        chown postgres: "${dir}"
    fi
    chmod 0755 "${dir}"
    as_owner "${bindir}/initdb" -D "${dir}/data" -A trust -U cordon -E UTF8 \
        --locale=C.UTF-8 --no-sync >"${dir}/initdb.log" 2>&1 \
        || { cat "${dir}/initdb.log" >&2; die "initdb failed in ${dir}."; }
    as_owner "${bindir}/pg_ctl" -D "${dir}/data" -w -t 60 -l "${dir}/log" \
        -o "-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
        || { cat "${dir}/log" >&2; die "the server in ${dir} did not start."; }
}

stop() {
    local dir="$1" bindir
    bindir="$(find_bindir)"
    if [[ -n "${bindir}" && -f "${dir}/data/postmaster.pid" ]]; then
        as_owner "${bindir}/pg_ctl" -D "${dir}/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf -- "${dir}"
}

case "${1:-}" in
    start)
        [[ $# -eq 2 ]] || die "usage: $0 start DIR"
        start "$2"
        ;;
    stop)
        [[ $# -eq 2 ]] || die "usage: $0 stop DIR"
        stop "$2"
        ;;
    run)
        shift
        [[ $# -ge 1 ]] || die "usage: $0 run COMMAND [ARGS...]"
        dir="$(mktemp -d /tmp/cordon-pg.XXXXXX)"
        trap 'stop "${dir}"' EXIT
        trap 'exit 130' INT TERM
        start "${dir}"
        status=0
        CORDON_TEST_PG="${dir}" "$@" || status=$?
        exit "${status}"
        ;;
    *)
        die "usage: $0 run COMMAND... | start DIR | stop DIR"
        ;;
esac
