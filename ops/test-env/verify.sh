#!/usr/bin/env bash
# Checks, against the running daemons, the Docker facts the tests rely on and
# prints what it saw (README.md records one run):
#   - Debian's nginx runs in proxy-test-base with /usr bind-mounted read-only
#     and host networking, and serves a 1 MiB file on 127.0.0.11 (daemon A)
#     and 127.0.0.12 (daemon B);
#   - the events `docker stop` produces for a container with --stop-signal SIGQUIT;
#   - the health_status events of a container with a HEALTHCHECK;
#   - that an in-flight download survives `docker stop` (graceful SIGQUIT);
#   - the SIGKILL after the grace time when the stop signal is ignored.
# Needs: docker.sh start, start-second and image (both daemons). Loopback only.
set -euo pipefail

readonly A=unix:///var/run/docker.sock
readonly B=unix:///var/run/docker-b.sock
readonly IMAGE=proxy-test-base:latest
readonly PORT="${VERIFY_PORT:-18411}"
# Same reason as in docker.sh: the CLI in PATH may be newer than the daemon.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"

work="$(mktemp -d)"
containers=()
cleanup() {
    local c
    for c in "${containers[@]}"; do docker -H "${c%%|*}" rm -f "${c#*|}" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# write_site DIR ADDR: a 1 MiB file and an nginx config listening on ADDR:PORT.
# The config is self-contained because the image has no /etc/nginx.
write_site() {
    local dir="$1" addr="$2"
    mkdir -p "$dir/www"
    head -c 1048576 /dev/zero | tr '\0' 'x' >"$dir/www/1m.bin"
    echo ok >"$dir/www/index.html"
    cat >"$dir/nginx.conf" <<EOF
user www-data;
worker_processes 1;
daemon off;
pid /tmp/nginx.pid;
error_log stderr notice;
events { worker_connections 256; }
http {
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    server {
        listen $addr:$PORT;
        root /srv/www;
    }
}
EOF
}

now_ns() { date +%s.%N; }

# run_nginx HOST NAME DIR [extra docker run args...]
run_nginx() {
    local host="$1" name="$2" dir="$3"
    shift 3
    docker -H "$host" rm -f "$name" >/dev/null 2>&1 || true
    containers+=("$host|$name")
    docker -H "$host" run -d --name "$name" --network host \
        -v /usr:/usr:ro -v "$dir/nginx.conf:/etc/nginx/nginx.conf:ro" -v "$dir/www:/srv/www:ro" \
        --stop-signal SIGQUIT "$@" \
        "$IMAGE" /usr/sbin/nginx -c /etc/nginx/nginx.conf >/dev/null
}

# wait_http URL: bounded wait (10 s) until URL answers; prints the seconds waited.
wait_http() {
    local url="$1" t0 i
    t0="$(now_ns)"
    for ((i = 0; i < 200; i++)); do
        if curl -fsS -o /dev/null "$url" 2>/dev/null; then
            awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.3f\n", b - a }'
            return 0
        fi
        sleep 0.05
    done
    echo "no answer from $url" >&2
    return 1
}

# events HOST SINCE UNTIL NAME: Action and the interesting attributes, one per line.
events() {
    docker -H "$1" events --since "$2" --until "$3" --filter "container=$4" --format '{{json .}}' |
        python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    a = e["Actor"]["Attributes"]
    extra = " ".join(f"{k}={a[k]}" for k in ("signal", "exitCode") if k in a)
    print(("  %s %s %s" % (e["timeNano"], e["Action"], extra)).rstrip())
'
}

# nginx_stop_case HOST ADDR NAME: start, fetch 1 MiB, stop, print the events.
nginx_stop_case() {
    local host="$1" addr="$2" name="$3" dir="$work/$3" since t_start t_stop size
    write_site "$dir" "$addr"
    since="$(date +%s.%N)"
    t_start="$(now_ns)"
    run_nginx "$host" "$name" "$dir"
    echo "$name on $host: serving after $(awk -v a="$t_start" -v b="$(now_ns)" 'BEGIN { printf "%.3f", b - a }')s (docker run -d) +" \
        "$(wait_http "http://$addr:$PORT/index.html")s (first answer)"
    size="$(curl -fsS -o /dev/null -w '%{size_download}' "http://$addr:$PORT/1m.bin")"
    echo "$name: GET /1m.bin -> $size bytes"
    t_stop="$(now_ns)"
    docker -H "$host" stop "$name" >/dev/null
    echo "$name: docker stop took $(awk -v a="$t_stop" -v b="$(now_ns)" 'BEGIN { printf "%.3f", b - a }')s," \
        "exit code $(docker -H "$host" inspect -f '{{.State.ExitCode}}' "$name")"
    sleep 0.2
    echo "$name: events:"
    events "$host" "$since" "$(date +%s.%N)" "$name"
}

# health_case: a HEALTHCHECK that curls the container's own nginx, then a
# config swap that makes it fail, to see both health_status transitions.
health_case() {
    local name=verify-health dir="$work/verify-health" since
    write_site "$dir" 127.0.0.11
    since="$(date +%s.%N)"
    run_nginx "$A" "$name" "$dir" \
        --health-cmd "/usr/bin/curl -fsS -o /dev/null http://127.0.0.11:$PORT/index.html" \
        --health-interval 1s --health-timeout 1s --health-retries 2 --health-start-period 0s
    wait_http "http://127.0.0.11:$PORT/index.html" >/dev/null
    local i
    for ((i = 0; i < 50; i++)); do
        [[ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" == healthy ]] && break
        sleep 0.2
    done
    echo "$name: $(docker inspect -f '{{.State.Health.Status}}' "$name") after $(awk -v a="$since" -v b="$(now_ns)" 'BEGIN { printf "%.1f", b - a }')s"
    # Make the probe fail: the file it fetches disappears (the www dir is bind-mounted).
    rm "$dir/www/index.html"
    for ((i = 0; i < 50; i++)); do
        [[ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" == unhealthy ]] && break
        sleep 0.2
    done
    echo "$name: $(docker inspect -f '{{.State.Health.Status}}' "$name") after removing index.html"
    docker stop "$name" >/dev/null
    sleep 0.2
    echo "$name: events:"
    events "$A" "$since" "$(date +%s.%N)" "$name" | grep -v 'exec_'
}

# drain_case: `docker stop` while a slow download is in flight. nginx's SIGQUIT
# is a graceful quit: the download should complete, and `die` should come only
# after it, long after the first `kill`. The file is 32 MiB because 1 MiB fits
# in loopback socket buffers: nginx would hand it all to the kernel at once and
# exit, which proves nothing about draining.
drain_case() {
    local name=verify-drain dir="$work/verify-drain" since t0 out
    write_site "$dir" 127.0.0.11
    truncate -s 32M "$dir/www/32m.bin"
    run_nginx "$A" "$name" "$dir"
    wait_http "http://127.0.0.11:$PORT/index.html" >/dev/null
    since="$(date +%s.%N)"
    # 32 MiB at 16 MiB/s: about 2 s in flight.
    curl -fsS -o /dev/null --limit-rate 16m -w '%{http_code} %{size_download}' \
        "http://127.0.0.11:$PORT/32m.bin" >"$work/drain.out" 2>&1 &
    local curl_pid=$!
    sleep 0.3
    t0="$(now_ns)"
    docker stop -t 10 "$name" >/dev/null
    echo "$name: docker stop during a slow download took $(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.3f", b - a }')s"
    wait "$curl_pid" || true
    out="$(<"$work/drain.out")"
    echo "$name: the in-flight download: HTTP status and bytes: $out"
    echo "$name: events:"
    events "$A" "$since" "$(date +%s.%N)" "$name"
}

# kill9_case: a process that ignores the stop signal (sleep as PID 1 has no
# handler, so the kernel drops SIGQUIT) shows the SIGKILL after the grace time.
kill9_case() {
    local name=verify-kill9 since
    docker rm -f "$name" >/dev/null 2>&1 || true
    containers+=("$A|$name")
    since="$(date +%s.%N)"
    docker run -d --name "$name" --network host -v /usr:/usr:ro --stop-signal SIGQUIT \
        "$IMAGE" /usr/bin/sleep 300 >/dev/null
    docker stop -t 1 "$name" >/dev/null
    echo "$name: docker stop -t 1, exit code $(docker inspect -f '{{.State.ExitCode}}' "$name"); events:"
    events "$A" "$since" "$(date +%s.%N)" "$name"
    echo "$name: one event as the daemon sends it:"
    docker events --since "$since" --until "$(date +%s.%N)" --filter "container=$name" \
        --filter event=kill --format '{{json .}}' | head -1 | sed 's/^/  /'
}

main() {
    echo "daemon A: $(docker -H "$A" version -f '{{.Server.Version}} API {{.Server.APIVersion}}')"
    echo "daemon B: $(docker -H "$B" version -f '{{.Server.Version}} API {{.Server.APIVersion}}')"
    echo "compose:  $(docker-compose version --short)"
    nginx_stop_case "$A" 127.0.0.11 verify-nginx-a
    nginx_stop_case "$B" 127.0.0.12 verify-nginx-b
    health_case
    drain_case
    kill9_case
}

main "$@"
