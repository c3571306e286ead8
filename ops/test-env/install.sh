#!/usr/bin/env bash
# Installs the Debian packages that the tests and benchmarks run against.
# Idempotent: a package already installed is left alone, and when everything
# is present the script does not touch apt at all (CI runs it on every job).
# Runs on Debian 12; installing needs root (it uses sudo when not root).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# nginx-light: backends and the nginx reference proxy; wrk and apache2-utils (ab):
# load; haproxy: the second reference proxy; curl: readiness probes; procps: ps/pgrep
# for the scripts that watch processes; chromium: the headless browser the dashboard
# tests drive (Playwright's own browser download cannot run on a closed network);
# pebble: Let's Encrypt's ACME test CA and pebble-challtestsrv, the real server the
# ACME client's tests order from (ops/test-env/pebble.sh); jq: ops/image/build.sh --offline reads
# the restore's project.assets.json with it (the image test).
DEFAULT_PACKAGES=(nginx-light wrk apache2-utils haproxy curl procps chromium pebble jq)
# Other scripts (docker.sh) pass their own list, so the install logic lives in one place.
if (($# > 0)); then PACKAGES=("$@"); else PACKAGES=("${DEFAULT_PACKAGES[@]}"); fi
readonly PACKAGES

# Another session or an unattended upgrade may hold the dpkg lock; waiting is
# cheaper than failing a CI job over it.
readonly APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

has_candidate() {
    local candidate
    candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

install_packages() {
    local missing=() pkg
    for pkg in "${PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        echo "install.sh: all present: ${PACKAGES[*]}"
        return 0
    fi

    # Only installing needs root: a developer without it gets sudo's prompt, CI is root already.
    if ((EUID != 0)); then
        if command -v sudo >/dev/null; then
            echo "install.sh: missing ${missing[*]}; installing with sudo"
            exec sudo "$0" "${PACKAGES[@]}"
        fi
        echo "install.sh: missing ${missing[*]}; run as root (apt-get install needs it)" >&2
        exit 1
    fi

    # A clean image ships without package lists; refresh them once, and only
    # when some missing package is unknown to apt, so reruns stay offline.
    for pkg in "${missing[@]}"; do
        if ! has_candidate "$pkg"; then
            echo "install.sh: apt-get update (no candidate for $pkg)"
            apt-get "${APT_OPTS[@]}" update -q
            break
        fi
    done

    echo "install.sh: installing ${missing[*]}"
    # Recommends would pull in much that nothing here runs (git, xz, cgroupfs-mount for docker.io).
    apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends "${missing[@]}"
}

main() {
    install_packages
}

main "$@"
