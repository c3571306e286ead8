#!/usr/bin/env bash
# A real Docker test environment for the integration tests: one daemon standing
# in for Docker host A, a second one for host B, and a base image that runs the
# host's own nginx/.NET from a read-only /usr bind mount (no image can be pulled
# here). Every subcommand is idempotent so CI can call it on every job.
#
#   docker.sh install        apt-get install docker.io docker-compose when missing
#   docker.sh start          daemon A on unix:///var/run/docker.sock
#   docker.sh start-second   daemon B on unix:///var/run/docker-b.sock
#   docker.sh image [sock]   build proxy-test-base:latest on a daemon (default A)
#   docker.sh stop           stop daemon A if this script started it
#   docker.sh stop-second    stop daemon B if this script started it
#   docker.sh status         what runs
#
# Runs as root on Debian 12 (dockerd needs root; see ops/test-env/README.md).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# Installed through install.sh, which waits for the dpkg lock and touches apt only when needed.
readonly PACKAGES=(docker.io docker-compose)

# The machine may carry a newer docker CLI in /usr/local/bin (28.x, API 1.50)
# ahead of Debian's /usr/bin/docker in PATH. It negotiates down to the daemon's
# API on its own, but pinning 1.41 (what dockerd 20.10 speaks) makes every CLI
# call independent of negotiation and of which client is first in PATH.
# An operator's own setting wins.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"

readonly IMAGE="proxy-test-base:latest"

# Daemon A is the default socket every tool finds without configuration.
readonly A_SOCK=/var/run/docker.sock
readonly A_PIDFILE=/var/run/proxy-test-dockerd.pid
readonly A_LOG=/var/log/proxy-test-dockerd.log

# Daemon B gets its own socket, state, exec root (which also holds the
# containerd it starts for itself) and pidfile, so the two never share a file.
readonly B_SOCK=/var/run/docker-b.sock
readonly B_DATA=/var/lib/docker-b
readonly B_EXEC=/var/run/docker-b
readonly B_PIDFILE=/var/run/proxy-test-dockerd-b.pid
readonly B_LOG=/var/log/proxy-test-dockerd-b.log

# No bridge, no iptables, no masquerading: every container uses host networking
# on a 127.0.0.x address, and the test VM must not grow NAT rules.
readonly DOCKERD_FLAGS=(--bridge=none --iptables=false --ip-masq=false)

# How long a daemon may take to answer after start (first start initialises
# its data root and its containerd; a few seconds here, the bound is generous).
readonly START_TIMEOUT_S=60
readonly STOP_TIMEOUT_S=30

log() { echo "docker.sh: $*"; }
die() { echo "docker.sh: $*" >&2; exit 1; }

need_root() {
    ((EUID == 0)) || die "$1 needs root (dockerd and apt-get do)"
}

cmd_install() {
    "$(dirname "$0")/install.sh" "${PACKAGES[@]}"
}

# The daemon binary from Debian's package, not whatever else is in PATH.
dockerd_bin() {
    if [[ -x /usr/sbin/dockerd ]]; then
        echo /usr/sbin/dockerd
    else
        command -v dockerd || die "dockerd not found; run: $0 install"
    fi
}

# True when a daemon answers on the socket (whoever started it).
answers() {
    local sock="$1"
    [[ -S "$sock" ]] && docker -H "unix://$sock" info >/dev/null 2>&1
}

# PID from a pidfile this script wrote, only if that process still runs dockerd.
own_pid() {
    local pidfile="$1" pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(<"$pidfile")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == dockerd ]] || return 1
    echo "$pid"
}

# start_daemon NAME SOCK OUR_PIDFILE LOG EXTRA_ARGS...
# Starts dockerd detached (own session, so it outlives this script and the CI
# step's process group) unless something already answers on SOCK.
start_daemon() {
    local name="$1" sock="$2" pidfile="$3" logfile="$4"
    shift 4
    if answers "$sock"; then
        log "$name: a daemon already answers on $sock"
        return 0
    fi
    need_root "start"
    local pid
    if pid="$(own_pid "$pidfile")"; then
        # Ours but not answering yet (e.g. a previous call timed out): wait again.
        log "$name: dockerd $pid (ours) still starting"
    else
        mkdir -p "$(dirname "$logfile")"
        log "$name: starting dockerd, log $logfile"
        setsid "$(dockerd_bin)" "${DOCKERD_FLAGS[@]}" "$@" \
            </dev/null >>"$logfile" 2>&1 &
        pid=$!
        echo "$pid" >"$pidfile"
    fi
    wait_answers "$name" "$sock" "$pid" "$logfile"
    log "$name: dockerd $pid answers on $sock (API $(docker -H "unix://$sock" version -f '{{.Server.APIVersion}}'))"
}

wait_answers() {
    local name="$1" sock="$2" pid="$3" logfile="$4" waited=0
    until answers "$sock"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 30 "$logfile" >&2 || true
            die "$name: dockerd $pid exited before answering; log above"
        fi
        if ((waited >= START_TIMEOUT_S * 2)); then
            tail -n 30 "$logfile" >&2 || true
            die "$name: dockerd $pid did not answer on $sock within ${START_TIMEOUT_S}s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
}

# stop_daemon NAME OUR_PIDFILE: SIGTERM only the PID we saved, wait for it to go.
# A daemon someone else started is left alone.
stop_daemon() {
    local name="$1" pidfile="$2" pid waited=0
    if ! pid="$(own_pid "$pidfile")"; then
        log "$name: no dockerd started by this script runs"
        rm -f "$pidfile"
        return 0
    fi
    log "$name: stopping dockerd $pid"
    kill -TERM "$pid"
    # dockerd stops its containers (their stop signal, 10 s grace) before exiting.
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= STOP_TIMEOUT_S * 2)); then
            die "$name: dockerd $pid still runs after ${STOP_TIMEOUT_S}s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    rm -f "$pidfile"
    log "$name: stopped"
}

cmd_start() {
    start_daemon A "$A_SOCK" "$A_PIDFILE" "$A_LOG" \
        -H "unix://$A_SOCK" --pidfile /var/run/docker.pid
}

cmd_start_second() {
    mkdir -p "$B_DATA" "$B_EXEC"
    # With no system containerd running (no systemd here), each dockerd starts
    # its own managed containerd under its exec root, so --exec-root alone keeps
    # B's containerd (B_EXEC/containerd/containerd.sock) apart from A's.
    # Where a system containerd does run (/run/containerd/containerd.sock, e.g.
    # a systemd CI runner), both daemons would attach to it; their own
    # containerd namespaces then keep B's containers out of A's view.
    start_daemon B "$B_SOCK" "$B_PIDFILE" "$B_LOG" \
        -H "unix://$B_SOCK" --data-root "$B_DATA" --exec-root "$B_EXEC" \
        --pidfile "$B_EXEC.pid" \
        --containerd-namespace moby-b --containerd-plugins-namespace plugins.moby-b
}

# The root filesystem of proxy-test-base: only what must exist before /usr is
# mounted (the merged-/usr symlinks), the users nginx switches to, and the empty
# directories nginx writes into at run time. Everything else comes from the
# host's /usr, bind-mounted read-only.
build_rootfs() {
    local dir="$1"
    mkdir -p "$dir"/{etc,usr,tmp,run,var/lib/nginx,var/log/nginx,var/cache/nginx,var/www,proc,sys,dev}
    chmod 1777 "$dir/tmp"
    ln -s usr/bin "$dir/bin"
    ln -s usr/lib "$dir/lib"
    ln -s usr/lib64 "$dir/lib64"
    ln -s usr/sbin "$dir/sbin"
    cat >"$dir/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
    cat >"$dir/etc/group" <<'EOF'
root:x:0:
www-data:x:33:
nogroup:x:65534:
EOF
    # nginx resolves "localhost" in upstreams/listen; give it a hosts file even
    # though Docker bind-mounts its own over it in most modes.
    printf '127.0.0.1 localhost\n::1 localhost\n' >"$dir/etc/hosts"
}

cmd_image() {
    local sock="${1:-$A_SOCK}"
    sock="${sock#unix://}"
    answers "$sock" || die "no daemon answers on $sock; run: $0 start"
    if docker -H "unix://$sock" image inspect "$IMAGE" >/dev/null 2>&1; then
        log "image $IMAGE exists on $sock"
        return 0
    fi
    local tmp
    tmp="$(mktemp -d)"
    # Clean up however this function returns; the trap removes itself so it
    # does not fire again on later function returns.
    # shellcheck disable=SC2064 # expand now: tmp is local
    trap "rm -rf '$tmp'; trap - RETURN" RETURN
    build_rootfs "$tmp/rootfs"
    # Numeric root ownership so the image does not depend on who built it.
    tar --numeric-owner --owner=0 --group=0 -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" .
    docker -H "unix://$sock" import \
        -c 'CMD ["/bin/sh"]' -m "proxy test base: run with -v /usr:/usr:ro --network host" \
        "$tmp/rootfs.tar" "$IMAGE" >/dev/null
    log "image $IMAGE built on $sock"
}

status_one() {
    local name="$1" sock="$2" pidfile="$3" pid owner
    if pid="$(own_pid "$pidfile")"; then owner="started by docker.sh, pid $pid"; else owner="not started by docker.sh"; fi
    if answers "$sock"; then
        echo "$name: up on $sock ($owner); server $(docker -H "unix://$sock" version -f '{{.Server.Version}} API {{.Server.APIVersion}}')," \
            "$(docker -H "unix://$sock" ps -q | wc -l) running containers," \
            "image $IMAGE $(docker -H "unix://$sock" image inspect "$IMAGE" >/dev/null 2>&1 && echo present || echo missing)"
    else
        echo "$name: down on $sock ($owner)"
    fi
}

cmd_status() {
    status_one A "$A_SOCK" "$A_PIDFILE"
    status_one B "$B_SOCK" "$B_PIDFILE"
}

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

main() {
    local cmd="${1:-}"
    shift || true
    case "$cmd" in
        install) cmd_install ;;
        start) cmd_start ;;
        start-second) cmd_start_second ;;
        image) cmd_image "$@" ;;
        stop) stop_daemon A "$A_PIDFILE" ;;
        stop-second) stop_daemon B "$B_PIDFILE" ;;
        status) cmd_status ;;
        *) usage ;;
    esac
}

main "$@"
