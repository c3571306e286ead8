#!/usr/bin/env bash
# Loopback benchmark of Proxy.Node against the references named in
# docs/design: the backend alone, nginx, HAProxy and a stock YARP proxy.
#
#   ops/bench/run.sh            throughput/latency table, seed test, CPU and RSS
#   ops/bench/run.sh routers    throughput with 10,000 Host routers vs 10
#   ops/bench/run.sh actors     throughput with a request actor per request vs only on failure
#   ops/bench/run.sh observability  throughput with metrics and a JSON access log file on vs off
#   ops/bench/run.sh regex      plain requests alone vs beside as many requests aimed at a catastrophic regex
#   ops/bench/run.sh middlewares  a bare router vs one through five middlewares (issue 14's chain)
#   ops/bench/run.sh https      HTTPS (TLS 1.3, one certificate) through nginx, HAProxy, YARP and this proxy:
#                               keep-alive throughput and p99, then new handshakes per second
#   ops/bench/run.sh grpc       gRPC unary calls per second through YARP and this proxy (TLS, HTTP/2) to one
#                               Grpc.AspNetCore server over h2c
#   ops/bench/run.sh memory     only memory: idle and peak RSS of YARP and this proxy in the seed test, each
#                               round on freshly started processes, medians of BENCH_ROUNDS (default 3) rounds
#
# Everything listens on 127.0.0.0/8 and every load run is bounded in time
# (wrk) or count (ab). See ops/bench/README.md for what the numbers mean.
set -euo pipefail

# --- settings (environment overrides) -------------------------------------

readonly ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
readonly BENCH_DIR="$ROOT/ops/bench"

BENCH_DURATION="${BENCH_DURATION:-10s}"
# Rounds of YARP and of this proxy in the main table, compared by medians: with
# two rounds and the best of each, back-to-back runs of one build differed by
# more than the margins measured (docs/benchmarks.md).
BENCH_ROUNDS_GIVEN="${BENCH_ROUNDS:+1}"
BENCH_ROUNDS="${BENCH_ROUNDS:-5}"
# Every measured run follows a short unmeasured one (fresh connections, caches).
BENCH_WARMUP="${BENCH_WARMUP:-2s}"
# A .NET process needs far longer once after start: JIT tiering (tier 0,
# instrumented, tier 1) and the thread pool's ramp-up. Under load on this box
# YARP went from ~3,400 to ~12,000 req/s over its first ~16 s, so each .NET
# process (YARP and this proxy alike) gets this much load once before any round.
BENCH_DOTNET_WARMUP="${BENCH_DOTNET_WARMUP:-20s}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-100}"
BENCH_AB_REQUESTS="${BENCH_AB_REQUESTS:-10000}"
BENCH_AB_CONCURRENCY="${BENCH_AB_CONCURRENCY:-100}"
# 1 = exit non-zero when a target is missed (for CI); default only reports.
BENCH_STRICT="${BENCH_STRICT:-0}"
# 1 = keep the temp dir (configs, logs, raw wrk/ab output) even on success.
BENCH_KEEP="${BENCH_KEEP:-0}"

readonly BACKEND1=127.0.0.2:18081
readonly BACKEND2=127.0.0.3:18082
readonly NGINX_PROXY=127.0.0.1:18090
readonly HAPROXY_PROXY=127.0.0.1:18091
readonly YARP_PROXY=127.0.0.1:18092
readonly NODE_WEB=127.0.0.1:18093
readonly NODE_API=127.0.0.1:18094
# routers mode runs the 10-router and the 10,000-router node side by side.
readonly NODE_WEB_MANY=127.0.0.1:18095
readonly NODE_API_MANY=127.0.0.1:18096
# https mode: every target serves one certificate for TLS_NAME, which every client
# puts in its URL (so in SNI and Host). localhost resolves to 127.0.0.1 from
# /etc/hosts: wrk and ab have no --resolve, and the system's names stay untouched.
readonly TLS_NAME=localhost
readonly HTTPS_NGINX=127.0.0.1:18190
readonly HTTPS_HAPROXY=127.0.0.1:18191
readonly HTTPS_YARP=127.0.0.1:18192
readonly HTTPS_NODE=127.0.0.1:18193
# An nginx server beside the measured one, never measured, that logs whether each
# TLS connection resumed a session (check_full_handshakes).
readonly HTTPS_RESUME_CHECK=127.0.0.1:18189
# https mode's handshake test: ab is single-threaded, so this many run side by
# side (one per core by default), each with this many connections.
BENCH_HS_CLIENTS="${BENCH_HS_CLIENTS:-2}"
BENCH_HS_CONCURRENCY="${BENCH_HS_CONCURRENCY:-50}"

# PROXY_BIN=/path/to/proxy-node benches a node built elsewhere (another
# branch, a published build) and skips the build here.
PROXY_BIN_GIVEN="${PROXY_BIN:+1}"
PROXY_BIN="${PROXY_BIN:-$ROOT/Proxy.Node/bin/Release/net10.0/proxy-node}"
readonly YARP_BIN="$BENCH_DIR/YarpReference/bin/Release/net10.0/YarpReference"

# The runtime knobs Proxy.Node runs with however it is started: the segments GC (its csproj), the
# gen0 and gen1 budgets and glibc's malloc settings (Hosting/RuntimeTuning.cs re-executes the node with them) and the shared
# ArrayPool's size (Program.cs). YARP gets the same through its environment, so that the ratio
# compares request pipelines, not collectors: with .NET's defaults YARP collected gen0 about a
# ninth as often as the node under the same load (docs/benchmarks.md). check_runtime_knobs reads
# what both processes really run with. BENCH_YARP_RUNTIME=stock starts YARP with .NET's defaults.
BENCH_YARP_RUNTIME="${BENCH_YARP_RUNTIME:-node}"
case "$BENCH_YARP_RUNTIME" in
    node | stock) ;;
    *) echo "[bench] ERROR: BENCH_YARP_RUNTIME is node (the node's runtime knobs, the default) or stock (.NET's defaults), got $BENCH_YARP_RUNTIME" >&2; exit 1 ;;
esac
readonly NODE_RUNTIME_KNOBS=(
    DOTNET_GCGen0MaxBudget=800000
    DOTNET_GCGen1MaxBudget=400000
    MALLOC_ARENA_MAX=2
    MALLOC_TRIM_THRESHOLD_=131072
    MALLOC_MMAP_THRESHOLD_=131072
    DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION=128
)

WORK=""
TLS_DIR=""       # https mode: the test CA, the certificate and its key
MACHINE_NOTE=""
PIDS=()          # every process this script started, killed on exit
FAILED_TARGETS=()

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- process lifecycle -----------------------------------------------------

# stop_pids PID...: SIGTERM to each, a moment for graceful shutdown (nginx
# workers, CoordinatedShutdown), then SIGKILL to whatever is left.
stop_pids() {
    local pid
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "$@"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

cleanup() {
    local rc=$?
    # Nothing of ours outlives the script.
    stop_pids "${PIDS[@]}"
    if [[ -n "$WORK" ]]; then
        if ((rc != 0)) || [[ "$BENCH_KEEP" == 1 ]]; then
            log "kept $WORK (configs, logs, raw output)"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# start NAME CMD... : run CMD in the background, logging to $WORK/NAME.log;
# sets STARTED_PID.
start() {
    local name=$1; shift
    "$@" >"$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

# wait_ready NAME PID URL [EXPECTED_BODY]: poll until URL answers 2xx (and
# the body matches, if given), failing fast when the process has died. An
# https:// URL must present a certificate the bench's test CA signed for its
# name, so a target serving any other certificate never becomes ready.
wait_ready() {
    local rc=0
    poll_ready "$@" || rc=$?
    ((rc == 0)) && return 0
    tail -n 30 "$WORK/$1.log" >&2 || true
    ((rc == 1)) && die "$1 exited before it was ready (log above)"
    die "$1 not ready at $3 after 30 s"
}

# poll_ready NAME PID URL [EXPECTED_BODY]: as wait_ready, but returns 1 when
# the process died and 2 when it was not ready after 30 s.
poll_ready() {
    local name=$1 pid=$2 url=$3 expected=${4:-} body _ tls=()
    [[ "$url" == https://* ]] && tls=(--cacert "$TLS_DIR/ca.pem")
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || return 1
        if body="$(curl -fsS --max-time 1 "${tls[@]}" "$url" 2>/dev/null)"; then
            if [[ -z "$expected" || "$body" == "$expected" ]]; then
                return 0
            fi
        fi
        sleep 0.1
    done
    return 2
}

require_free_port() {
    local addr=$1
    if ss -Htln "sport = :${addr##*:}" | grep -q .; then
        die "port ${addr##*:} is already in use (needed for $addr)"
    fi
}

# --- /proc readings --------------------------------------------------------

# CPU seconds (user+system) the process has used so far, in clock ticks.
cpu_ticks() {
    # Fields after the ")" that ends comm: state is field 3, utime 14, stime 15.
    local stat
    stat="$(<"/proc/$1/stat")"
    stat="${stat##*) }"
    awk '{print $12 + $13}' <<<"$stat"
}

# status_kib PID FIELD: a kB value from /proc/PID/status (VmRSS, VmHWM).
status_kib() {
    awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}

kib_to_mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# --- backends and reference proxies ------------------------------------------

prepare_workdir() {
    WORK="$(mktemp -d /tmp/proxy-bench.XXXXXX)"
    # nginx workers drop to "nobody" when started as root; they must be able
    # to read the document root and config under the temp dir.
    chmod 0755 "$WORK"
    mkdir -p "$WORK/www"
    head -c 100 /dev/zero | tr '\0' 'x' >"$WORK/www/small"
    head -c $((1024 * 1024)) /dev/urandom >"$WORK/www/big"
    chmod -R a+rX "$WORK/www"
}

# Shared nginx preamble: everything under $WORK, so it never touches
# /etc/nginx, /var/log/nginx or the system's pid file.
nginx_main_conf() {
    local name=$1 workers=$2
    mkdir -p "$WORK/$name"
    cat <<EOF
daemon off;
master_process on;
worker_processes $workers;
worker_rlimit_nofile 8192;
pid $WORK/$name/nginx.pid;
error_log $WORK/$name/error.log warn;
events { worker_connections 4096; }
EOF
}

nginx_http_common() {
    local name=$1
    cat <<EOF
    access_log off;
    client_body_temp_path $WORK/$name/client_body;
    proxy_temp_path $WORK/$name/proxy;
    fastcgi_temp_path $WORK/$name/fastcgi;
    uwsgi_temp_path $WORK/$name/uwsgi;
    scgi_temp_path $WORK/$name/scgi;
    default_type application/octet-stream;
    # nginx closes a keep-alive connection after 1000 requests by default;
    # wrk would then measure reconnects rather than the proxy.
    keepalive_requests 1000000;
EOF
}

start_backend() {
    local name=$1 addr=$2 conf="$WORK/$1.conf"
    require_free_port "$addr"
    {
        nginx_main_conf "$name" 1
        echo "http {"
        nginx_http_common "$name"
        cat <<EOF
    sendfile on;
    tcp_nopush on;
    server {
        listen $addr;
        root $WORK/www;
        location / { try_files \$uri =404; }
    }
}
EOF
    } >"$conf"
    start "$name" nginx -e "$WORK/$name/error.log" -c "$conf"
    wait_ready "$name" "$STARTED_PID" "http://$addr/small"
}

start_backends() {
    start_backend backend1 "$BACKEND1"
    start_backend backend2 "$BACKEND2"
    log "backends up on $BACKEND1 and $BACKEND2"
}

# nginx as a reverse proxy, configured as an operator would for keep-alive
# to the upstreams; one worker per core, like the .NET proxies' thread pool.
# The upstream and the location are shared by the plain and the https nginx.
nginx_upstream_backends() {
    cat <<EOF
    upstream backends {
        server $BACKEND1;
        server $BACKEND2;
        keepalive 64;
        keepalive_requests 1000000;
    }
EOF
}

nginx_proxy_location() {
    cat <<EOF
        location / {
            proxy_pass http://backends;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering on;
        }
EOF
}

start_nginx_proxy() {
    local conf="$WORK/nginx-proxy.conf"
    require_free_port "$NGINX_PROXY"
    {
        nginx_main_conf nginx-proxy auto
        echo "http {"
        nginx_http_common nginx-proxy
        nginx_upstream_backends
        echo "    server {"
        echo "        listen $NGINX_PROXY;"
        nginx_proxy_location
        echo "    }"
        echo "}"
    } >"$conf"
    start nginx-proxy nginx -e "$WORK/nginx-proxy/error.log" -c "$conf"
    wait_ready nginx-proxy "$STARTED_PID" "http://$NGINX_PROXY/small"
}

# start_haproxy [NAME ADDRESS READY_URL BIND_OPTIONS...]: plain on
# $HAPROXY_PROXY by default; the https mode passes "ssl crt ...".
start_haproxy() {
    local name=${1:-haproxy} addr=${2:-$HAPROXY_PROXY} url=${3:-http://$HAPROXY_PROXY/small}
    shift $(($# < 3 ? $# : 3))
    local conf="$WORK/$name.cfg" bind_options="$*" global_options=""
    require_free_port "$addr"
    # TLS 1.3 only, like every reference of the https mode.
    [[ -n "$bind_options" ]] && global_options="    ssl-default-bind-options ssl-min-ver TLSv1.3"
    cat >"$conf" <<EOF
global
    maxconn 8192
$global_options
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    # Share idle server connections between client connections, as nginx's
    # keepalive pool and .NET's SocketsHttpHandler do.
    http-reuse always
frontend web
    bind $addr${bind_options:+ $bind_options}
    default_backend backends
backend backends
    balance roundrobin
    server b1 $BACKEND1
    server b2 $BACKEND2
EOF
    haproxy -c -q -f "$conf" || die "haproxy rejected $conf"
    # -db: stay in the foreground so the saved PID is haproxy itself.
    start "$name" haproxy -db -f "$conf"
    wait_ready "$name" "$STARTED_PID" "$url"
}

build_yarp() {
    log "building YarpReference (Release)"
    dotnet build -c Release "$BENCH_DIR/YarpReference" >"$WORK/build-yarp.log" 2>&1 \
        || { tail -n 30 "$WORK/build-yarp.log" >&2; die "YarpReference did not build"; }
}

# yarp_runtime: the environment YARP starts with (see NODE_RUNTIME_KNOBS); the GC mode (workstation,
# not concurrent) is in its csproj, as in the node's.
yarp_runtime() {
    case "$BENCH_YARP_RUNTIME" in
        node) printf '%s\n' DOTNET_GCName=libclrgc.so "${NODE_RUNTIME_KNOBS[@]}" ;;
    esac
}

# runtime_knobs PID: the collector a .NET process loaded and the knobs of NODE_RUNTIME_KNOBS in its
# environment, as one line.
runtime_knobs() {
    local pid=$1 knob name gc=regions
    grep -q libclrgc "/proc/$pid/maps" && gc=segments
    printf 'GC=%s' "$gc"
    for knob in "${NODE_RUNTIME_KNOBS[@]}"; do
        name=${knob%%=*}
        printf ' %s=%s' "${name#DOTNET_}" "$(tr '\0' '\n' <"/proc/$pid/environ" | awk -F= -v n="$name" '$1 == n { print $2 }')"
    done
    echo
}

# check_runtime_knobs YARP_PID PROXY_PID: sets RUNTIME_NOTE to what both run with; unless YARP was
# asked to run stock, a difference ends the bench, whose ratio would then compare runtimes.
RUNTIME_NOTE=""
check_runtime_knobs() {
    local yarp proxy
    yarp="$(runtime_knobs "$1")"
    proxy="$(runtime_knobs "$2")"
    if [[ "$yarp" == "$proxy" ]]; then
        RUNTIME_NOTE="runtime knobs, YARP and this proxy alike: $proxy"
        return 0
    fi
    RUNTIME_NOTE="runtime knobs DIFFER: YARP $yarp; this proxy $proxy"
    [[ "$BENCH_YARP_RUNTIME" == stock ]] || die "$RUNTIME_NOTE (BENCH_YARP_RUNTIME=stock measures that on purpose)"
}

# start_yarp [NAME ADDRESS]: yarp on $YARP_PROXY by default.
YARP_PID=""
start_yarp() {
    local name=${1:-yarp} addr=${2:-$YARP_PROXY} runtime
    mapfile -t runtime < <(yarp_runtime)
    require_free_port "$addr"
    start "$name" env "${runtime[@]}" "$YARP_BIN" --urls "http://$addr" \
        --backends "http://$BACKEND1,http://$BACKEND2"
    YARP_PID=$STARTED_PID
    wait_ready "$name" "$YARP_PID" "http://$addr/small"
}

# --- this proxy --------------------------------------------------------------

# Builds Proxy.Node; returns non-zero (with the reason logged) when it does not
# build yet, so the references can still be measured.
build_proxy() {
    if [[ -n "$PROXY_BIN_GIVEN" ]]; then
        [[ -x "$PROXY_BIN" ]] || { log "SKIP this proxy: PROXY_BIN=$PROXY_BIN is not executable"; return 1; }
        log "using PROXY_BIN=$PROXY_BIN (not building)"
        return 0
    fi
    if [[ ! -d "$ROOT/Proxy.Node" ]]; then
        log "SKIP this proxy: $ROOT/Proxy.Node does not exist"
        return 1
    fi
    log "building Proxy.Node (Release)"
    if ! dotnet build -c Release "$ROOT/Proxy.Node" >"$WORK/build-proxy.log" 2>&1; then
        log "SKIP this proxy: Proxy.Node does not build yet; last lines of the build:"
        grep -E 'error|Error' "$WORK/build-proxy.log" | sort -u | tail -n 10 >&2 || true
        return 1
    fi
    if [[ ! -x "$PROXY_BIN" ]]; then
        log "SKIP this proxy: built, but $PROXY_BIN is missing"
        return 1
    fi
}

write_single_router_config() {
    cat >"$1" <<EOF
http:
  routers:
    bench:
      rule: "PathPrefix(\`/\`)"
      service: backends
  services:
    backends:
      loadBalancer:
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
EOF
}

# write_host_router_config FILE COUNT: COUNT routers, router i matching
# Host(`host-i.bench.test`), all to the one service.
write_host_router_config() {
    local file=$1 count=$2
    {
        echo "http:"
        echo "  routers:"
        awk -v n="$count" 'BEGIN {
            for (i = 0; i < n; i++) {
                printf "    r%d:\n      rule: \"Host(`host-%d.bench.test`)\"\n      service: backends\n", i, i
            }
        }'
        cat <<EOF
  services:
    backends:
      loadBalancer:
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
EOF
    } >"$file"
}

# start_proxy NAME WEB API CONFIG: sets STARTED_PID. GC mode is whatever
# Proxy.Node's csproj says (workstation); DOTNET_gcServer is only defaulted.
start_proxy() {
    local name=$1 web=$2 api=$3 config=$4; shift 4
    require_free_port "$web"
    require_free_port "$api"
    # -u PROXY_BIN: the node reads PROXY_* variables as options and refuses an unknown one.
    start "$name" env -u PROXY_BIN DOTNET_gcServer="${DOTNET_gcServer:-0}" "$PROXY_BIN" \
        "--entrypoints.web.address=$web" \
        "--api.address=$api" \
        "--providers.file.filename=$config" \
        "--providers.file.watch=false" "$@"
    wait_ready "$name" "$STARTED_PID" "http://$api/ping" OK
}

# --- load ----------------------------------------------------------------------

# run_wrk LABEL URL [EXTRA WRK ARGS...]: measured run; raw output kept in
# $WORK/wrk-LABEL.txt. Prints "req_per_s p99_ms errors".
run_wrk() {
    local label=$1 url=$2; shift 2
    local out="$WORK/wrk-$label.txt"
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_WARMUP" "$@" "$url" >/dev/null 2>&1 || true
    log "wrk $label: $url ($BENCH_DURATION)"
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" --latency "$@" "$url" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk failed for $label"; }
    parse_wrk "$out"
}

# wrk prints latencies with a unit (us, ms, s); errors are socket errors plus
# non-2xx/3xx responses, either of which disqualifies a run.
parse_wrk() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/)  return v * 60000
            if (v ~ /s$/)  return v * 1000
            return v + 0
        }
        /Requests\/sec:/ { rps = $2 }
        $1 == "99%"      { p99 = ms($2) }
        /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $5 }
        END { printf "%.0f %.2f %d\n", rps, p99, errors }
    ' "$1"
}

# run_ab LABEL URL PID: the seed test (ab -n 10000 -c 100 of the 1 MiB file,
# no keep-alive, exactly as the seed ran it) while reading the proxy's CPU.
# Prints "failed non2xx req_per_s cpu_seconds ab_exit".
run_ab() {
    local label=$1 url=$2 pid=$3
    local out="$WORK/ab-$label.txt" before after rc=0 clk
    clk="$(getconf CLK_TCK)"
    log "ab $label: -n $BENCH_AB_REQUESTS -c $BENCH_AB_CONCURRENCY $url"
    before="$(cpu_ticks "$pid")"
    ab -n "$BENCH_AB_REQUESTS" -c "$BENCH_AB_CONCURRENCY" "$url" >"$out" 2>&1 || rc=$?
    after="$(cpu_ticks "$pid")"
    if ((rc != 0)); then
        log "ab $label exited $rc:"
        tail -n 5 "$out" >&2
    fi
    awk -v cpu="$(awk -v a="$after" -v b="$before" -v c="$clk" 'BEGIN {printf "%.2f", (a - b) / c}')" \
        -v rc="$rc" -v total="$BENCH_AB_REQUESTS" '
        /^Complete requests:/  { complete = $3 }
        /^Failed requests:/    { failed = $3 }
        /^Non-2xx responses:/  { non2xx = $3 }
        /^Requests per second:/ { rps = $4 }
        END {
            # An aborted ab never prints its summary: count what never completed as failed.
            if (complete == "") failed = total
            printf "%d %d %.0f %s %d\n", failed, non2xx, rps, cpu, rc
        }
    ' "$out"
}

# Percentage of both cores busy over one second, before anything of ours runs.
# Other work on the box (a build, a test run) lowers every absolute figure and
# adds noise to the ratios; the report says so rather than hiding it.
busy_percent() {
    local a b
    a="$(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)"
    sleep 1
    b="$(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)"
    awk -v a="$a" -v b="$b" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        d = y[2] - x[2]; printf "%.0f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0)
    }'
}

warn_if_busy() {
    local busy
    busy="$(busy_percent)"
    MACHINE_NOTE="CPU busy before start: ${busy}%"
    if ((busy > 10)); then
        MACHINE_NOTE+=" (NOT idle: other work shares the cores; compare ratios, not absolutes, and rerun)"
        log "warning: the machine is ${busy}% busy before the bench; top CPU users (ps: %CPU averaged over each life):"
        ps -eo pcpu,pid,comm --sort=-pcpu | sed -n 2,4p >&2
    fi
}

# warm_dotnet LABEL URL [EXTRA WRK ARGS...]: the one-off warm-up above.
warm_dotnet() {
    local label=$1 url=$2; shift 2
    log "warm-up $label: $url ($BENCH_DOTNET_WARMUP, not measured)"
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DOTNET_WARMUP" "$@" "$url" >/dev/null 2>&1 || true
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# median_of "rps p99 err"...: the median req/s and the median p99 of the rounds
# (each taken on its own: the p99 a proxy usually has, not that of its fastest
# round), and the errors of all rounds summed.
median_of() {
    printf '%s\n' "$@" | awk '
        { r[NR] = $1; p[NR] = $2; e += $3 }
        function median(a, n,    i, j, t) {
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END { printf "%d %.2f %d\n", median(r, NR), median(p, NR), e }'
}

# rotating_rounds KEY ROUNDS RUN TARGET...: ROUNDS rounds in which `RUN KEY TARGET ROUND` runs for
# every target, the first target of each round rotating so that the machine's drift falls on all
# of them (with two targets: the order alternates). RUN prints its result ("rps p99 err"); a RUN
# that dies stops the bench. Results in ROUND_RESULTS[KEY,TARGET,ROUND].
declare -A ROUND_RESULTS=()
rotating_rounds() {
    local key=$1 rounds=$2 run=$3 i k t
    shift 3
    local targets=("$@") n=$#
    for ((i = 1; i <= rounds; i++)); do
        for ((k = 0; k < n; k++)); do
            t=${targets[(i - 1 + k) % n]}
            ROUND_RESULTS[$key,$t,$i]="$("$run" "$key" "$t" "$i")"
        done
    done
}

# results_of KEY ROUNDS TARGET: TARGET's results of `rotating_rounds KEY`, one round a line.
results_of() {
    local i
    for ((i = 1; i <= $2; i++)); do echo "${ROUND_RESULTS[$1,$3,$i]}"; done
}

# round_rows KEY ROUNDS TARGET...: a table row for every target of every round, round by round.
round_rows() {
    local key=$1 rounds=$2 i t
    shift 2
    for ((i = 1; i <= rounds; i++)); do
        for t in "$@"; do
            # shellcheck disable=SC2086
            row "$t round $i" ${ROUND_RESULTS[$key,$t,$i]}
        done
    done
}

# best_of "rps p99 err" "rps p99 err": the round with the higher req/s, with
# its own p99 (a p99 from another round would not describe the same run).
best_of() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        print ((x[1] + 0 >= y[1] + 0) ? a : b)
    }'
}

# --- reporting -------------------------------------------------------------------

row() { printf '%-24s %12s %10s %8s\n' "$@"; }

verdict() {
    local name=$1 ok=$2 detail=$3
    if [[ "$ok" == 1 ]]; then
        printf '  PASS  %-44s %s\n' "$name" "$detail"
    else
        printf '  MISS  %-44s %s\n' "$name" "$detail"
        FAILED_TARGETS+=("$name")
    fi
}

ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

finish() {
    if ((${#FAILED_TARGETS[@]} > 0)) && [[ "$BENCH_STRICT" == 1 ]]; then
        log "targets missed: ${FAILED_TARGETS[*]}"
        exit 1
    fi
}

# --- modes -------------------------------------------------------------------------

main_bench() {
    local have_proxy=0 proxy_pid="" idle_kib="" peak_kib=""
    local direct nginx haproxy yarp proxy ab_proxy ab_yarp
    local yarp_idle_kib yarp_peak_kib

    build_yarp
    build_proxy && have_proxy=1
    start_backends
    start_nginx_proxy
    start_haproxy
    start_yarp
    yarp_idle_kib="$(status_kib "$YARP_PID" VmRSS)"

    if ((have_proxy)); then
        write_single_router_config "$WORK/dynamic.yml"
        start_proxy proxy "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
        proxy_pid=$STARTED_PID
        # Idle RSS before any load: VmHWM later is the peak since start.
        idle_kib="$(status_kib "$proxy_pid" VmRSS)"
        check_runtime_knobs "$YARP_PID" "$proxy_pid"
    fi

    warn_if_busy
    direct="$(run_wrk direct "http://$BACKEND1/small")"
    nginx="$(run_wrk nginx "http://$NGINX_PROXY/small")"
    haproxy="$(run_wrk haproxy "http://$HAPROXY_PROXY/small")"

    warm_dotnet yarp "http://$YARP_PROXY/small"
    if ((have_proxy)); then warm_dotnet proxy "http://$NODE_WEB/small"; fi
    # BENCH_ROUNDS interleaved rounds, which of the two goes first alternating, so
    # that the shared machine's drift falls on both; compared by their medians.
    local i yr=() pr=()
    for ((i = 1; i <= BENCH_ROUNDS; i++)); do
        if ((i % 2 == 0 && have_proxy)); then pr+=("$(run_wrk "proxy-$i" "http://$NODE_WEB/small")"); fi
        yr+=("$(run_wrk "yarp-$i" "http://$YARP_PROXY/small")")
        if ((i % 2 == 1 && have_proxy)); then pr+=("$(run_wrk "proxy-$i" "http://$NODE_WEB/small")"); fi
    done
    yarp="$(median_of "${yr[@]}")"
    if ((have_proxy)); then proxy="$(median_of "${pr[@]}")"; fi

    # The seed test, through YARP too so the CPU figure has a reference.
    ab_yarp="$(run_ab yarp "http://$YARP_PROXY/big" "$YARP_PID")"
    yarp_peak_kib="$(status_kib "$YARP_PID" VmHWM)"
    if ((have_proxy)); then
        ab_proxy="$(run_ab proxy "http://$NODE_WEB/big" "$proxy_pid")"
        peak_kib="$(status_kib "$proxy_pid" VmHWM)"
    fi

    echo
    echo "== wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION --latency, GET /small (100 B), loopback, $(nproc) cores =="
    row target req/s "p99 ms" errors
    # shellcheck disable=SC2086
    row "backend direct" $direct
    # shellcheck disable=SC2086
    row "nginx proxy" $nginx
    # shellcheck disable=SC2086
    row "haproxy" $haproxy
    for ((i = 0; i < BENCH_ROUNDS; i++)); do
        # shellcheck disable=SC2086
        row "yarp round $((i + 1))" ${yr[i]}
    done
    # shellcheck disable=SC2086
    row "yarp median" $yarp
    if ((have_proxy)); then
        for ((i = 0; i < BENCH_ROUNDS; i++)); do
            # shellcheck disable=SC2086
            row "proxy round $((i + 1))" ${pr[i]}
        done
        # shellcheck disable=SC2086
        row "proxy median" $proxy
    else
        row "proxy" skipped - -
    fi
    echo "(median = the median req/s and the median p99 of the rounds, errors summed; rounds alternate which proxy goes first; warm-up $BENCH_WARMUP each, $BENCH_DOTNET_WARMUP once per .NET process)"
    echo "$MACHINE_NOTE"
    [[ -n "$RUNTIME_NOTE" ]] && echo "$RUNTIME_NOTE"

    echo
    echo "== seed test: ab -n $BENCH_AB_REQUESTS -c $BENCH_AB_CONCURRENCY GET /big (1 MiB), no keep-alive =="
    printf '%-10s %8s %8s %10s %10s %8s\n' target failed non-2xx req/s "CPU s" "ab exit"
    # shellcheck disable=SC2086
    printf '%-10s %8s %8s %10s %10s %8s\n' yarp $ab_yarp
    if ((have_proxy)); then
        # shellcheck disable=SC2086
        printf '%-10s %8s %8s %10s %10s %8s\n' proxy $ab_proxy
    fi

    echo
    echo "== memory (MiB) =="
    printf '%-10s %10s %10s\n' target "idle RSS" "peak RSS"
    printf '%-10s %10s %10s\n' yarp "$(kib_to_mib "$yarp_idle_kib")" "$(kib_to_mib "$yarp_peak_kib")"
    if ((have_proxy)); then
        printf '%-10s %10s %10s\n' proxy "$(kib_to_mib "$idle_kib")" "$(kib_to_mib "$peak_kib")"
    fi

    echo
    if ((!have_proxy)); then
        echo "== targets: not evaluated, this proxy was skipped (see the log above) =="
        return 0
    fi
    local prps pp99 perr yrps yp99 nrps hrps afail anon arc
    read -r prps pp99 perr <<<"$proxy"
    read -r yrps yp99 _ <<<"$yarp"
    read -r nrps _ _ <<<"$nginx"
    read -r hrps _ _ <<<"$haproxy"
    read -r afail anon _ _ arc <<<"$ab_proxy"
    echo "== ratios (proxy median / reference; nginx and HAProxy one round each) =="
    echo "  proxy/yarp    $(ratio "$prps" "$yrps")"
    echo "  proxy/nginx   $(ratio "$prps" "$nrps")"
    echo "  proxy/haproxy $(ratio "$prps" "$hrps")"
    echo
    echo "== targets =="
    local r
    r="$(ratio "$prps" "$yrps")"
    verdict "small-response req/s >= 1.0x YARP" "$(ge "$r" 1.0 && echo 1 || echo 0)" "${r}x"
    verdict "p99 <= YARP's p99" "$(ge "$yp99" "$pp99" && echo 1 || echo 0)" "$pp99 ms vs $yp99 ms"
    verdict "no wrk errors" "$([[ "$perr" == 0 ]] && echo 1 || echo 0)" "$perr"
    verdict "seed test: 0 failed, 0 non-2xx" \
        "$([[ "$afail" == 0 && "$anon" == 0 && "$arc" == 0 ]] && echo 1 || echo 0)" \
        "failed $afail, non-2xx $anon, ab exit $arc"
    verdict "peak RSS <= 160 MiB" "$(ge $((160 * 1024)) "$peak_kib" && echo 1 || echo 0)" \
        "$(kib_to_mib "$peak_kib") MiB"
    finish
}

routers_bench() {
    local few=10 many=10000 few_pid many_pid
    local f1 f2 m1 m2 few_best many_best host_few host_many

    build_proxy || { log "routers mode needs this proxy; nothing to measure"; return 0; }
    start_backends

    write_host_router_config "$WORK/routers-$few.yml" "$few"
    write_host_router_config "$WORK/routers-$many.yml" "$many"
    # A host in the middle of the list: a router table scanned in order would
    # pay for half of it on every request.
    host_few="host-$((few / 2)).bench.test"
    host_many="host-$((many / 2)).bench.test"

    # Both nodes run side by side (only one is loaded at a time), so the rounds
    # can be interleaved without restarts.
    start_proxy proxy-$few "$NODE_WEB" "$NODE_API" "$WORK/routers-$few.yml"
    few_pid=$STARTED_PID
    start_proxy proxy-$many "$NODE_WEB_MANY" "$NODE_API_MANY" "$WORK/routers-$many.yml"
    many_pid=$STARTED_PID

    warm_dotnet proxy-$few "http://$NODE_WEB/small" -H "Host: $host_few"
    warm_dotnet proxy-$many "http://$NODE_WEB_MANY/small" -H "Host: $host_many"
    warn_if_busy
    f1="$(run_wrk routers-$few-1 "http://$NODE_WEB/small" -H "Host: $host_few")"
    m1="$(run_wrk routers-$many-1 "http://$NODE_WEB_MANY/small" -H "Host: $host_many")"
    f2="$(run_wrk routers-$few-2 "http://$NODE_WEB/small" -H "Host: $host_few")"
    m2="$(run_wrk routers-$many-2 "http://$NODE_WEB_MANY/small" -H "Host: $host_many")"
    few_best="$(best_of "$f1" "$f2")"
    many_best="$(best_of "$m1" "$m2")"

    echo
    echo "== routers: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small with a Host router in the middle =="
    row routers req/s "p99 ms" errors
    # shellcheck disable=SC2086
    row "$few round 1" $f1
    # shellcheck disable=SC2086
    row "$many round 1" $m1
    # shellcheck disable=SC2086
    row "$few round 2" $f2
    # shellcheck disable=SC2086
    row "$many round 2" $m2
    printf '%-24s %s MiB / %s MiB\n' "peak RSS $few / $many" \
        "$(kib_to_mib "$(status_kib "$few_pid" VmHWM)")" "$(kib_to_mib "$(status_kib "$many_pid" VmHWM)")"
    echo "(best = the round with the higher req/s; warm-up $BENCH_WARMUP each, $BENCH_DOTNET_WARMUP once per .NET process)"
    echo "$MACHINE_NOTE"

    local frps mrps ferr merr r
    read -r frps _ ferr <<<"$few_best"
    read -r mrps _ merr <<<"$many_best"
    r="$(ratio "$mrps" "$frps")"
    echo
    echo "== targets =="
    verdict "$many routers >= 0.95x of $few" "$(ge "$r" 0.95 && echo 1 || echo 0)" "${r}x"
    verdict "no wrk errors (a 404 counts as one)" \
        "$([[ "$ferr" == 0 && "$merr" == 0 ]] && echo 1 || echo 0)" "$ferr / $merr"
    finish
}

# What a request actor costs: the same node twice, one spawning a request actor
# only when an attempt fails (the default), one for every request
# (--requests.actormode=always), interleaved rounds against the same backends.
actors_bench() {
    local lean_best actor_best l1 l2 a1 a2

    build_proxy || { log "actors mode needs this proxy; nothing to measure"; return 0; }
    start_backends
    write_single_router_config "$WORK/dynamic.yml"
    start_proxy proxy-onfailure "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
    start_proxy proxy-always "$NODE_WEB_MANY" "$NODE_API_MANY" "$WORK/dynamic.yml" --requests.actormode=always

    warm_dotnet proxy-onfailure "http://$NODE_WEB/small"
    warm_dotnet proxy-always "http://$NODE_WEB_MANY/small"
    warn_if_busy
    l1="$(run_wrk onfailure-1 "http://$NODE_WEB/small")"
    a1="$(run_wrk always-1 "http://$NODE_WEB_MANY/small")"
    l2="$(run_wrk onfailure-2 "http://$NODE_WEB/small")"
    a2="$(run_wrk always-2 "http://$NODE_WEB_MANY/small")"
    lean_best="$(best_of "$l1" "$l2")"
    actor_best="$(best_of "$a1" "$a2")"

    echo
    echo "== request actors: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small =="
    row "actor mode" req/s "p99 ms" errors
    # shellcheck disable=SC2086
    row "onfailure round 1" $l1
    # shellcheck disable=SC2086
    row "always round 1" $a1
    # shellcheck disable=SC2086
    row "onfailure round 2" $l2
    # shellcheck disable=SC2086
    row "always round 2" $a2
    echo "$MACHINE_NOTE"
    local lrps arps
    read -r lrps _ _ <<<"$lean_best"
    read -r arps _ _ <<<"$actor_best"
    echo
    echo "== ratio (always / onfailure) =="
    echo "  $(ratio "$arps" "$lrps")"
    finish
}

# What metrics and the access log cost: the same node twice, one with
# --metrics.prometheus=false and no access log, one with metrics on and a JSON
# access log written to a file, against the same backends. The difference is
# a few per cent and this shared two-core machine drifts by as much between
# runs, so the rounds alternate which node goes first (drift falls on both)
# and the ratio is of the medians of OBS_ROUNDS rounds each: with two rounds
# and best-of, the same build measured anywhere from 0.86x to 0.96x.
OBS_ROUNDS="${OBS_ROUNDS:-5}"

# observability_round KEY off|on ROUND: one measured run of the node without or with metrics and access log.
observability_round() {
    if [[ "$2" == off ]]; then
        run_wrk "observability-off-$3" "http://$NODE_WEB/small"
    else
        run_wrk "observability-on-$3" "http://$NODE_WEB_MANY/small"
    fi
}

observability_bench() {
    local off=() on=()

    build_proxy || { log "observability mode needs this proxy; nothing to measure"; return 0; }
    start_backends
    write_single_router_config "$WORK/dynamic.yml"
    start_proxy proxy-observability-off "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml" --metrics.prometheus=false --accesslog=false
    start_proxy proxy-observability-on "$NODE_WEB_MANY" "$NODE_API_MANY" "$WORK/dynamic.yml" \
        --metrics.prometheus=true --accesslog=true --accesslog.format=json "--accesslog.filepath=$WORK/access.log"

    warm_dotnet proxy-observability-off "http://$NODE_WEB/small"
    warm_dotnet proxy-observability-on "http://$NODE_WEB_MANY/small"
    warn_if_busy
    rotating_rounds obs "$OBS_ROUNDS" observability_round off on
    mapfile -t off < <(results_of obs "$OBS_ROUNDS" off)
    mapfile -t on < <(results_of obs "$OBS_ROUNDS" on)

    echo
    echo "== observability: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small, $OBS_ROUNDS rounds, order alternating =="
    row "metrics + access log" req/s "p99 ms" errors
    round_rows obs "$OBS_ROUNDS" off on
    echo "access log lines written: $(wc -l <"$WORK/access.log"); dropped: $(curl -s "http://$NODE_API_MANY/metrics" | awk '/^proxy_accesslog_dropped_total/ {print $2}')"
    echo "$MACHINE_NOTE"
    local orps nrps r
    orps="$(median_rps "${off[@]}")"
    nrps="$(median_rps "${on[@]}")"
    r="$(ratio "$nrps" "$orps")"
    echo "median req/s: off $orps, on $nrps"
    echo
    echo "== targets =="
    verdict "on >= 0.90x of off (medians)" "$(ge "$r" 0.90 && echo 1 || echo 0)" "${r}x"
    finish
}

# What a chain of five middlewares costs (issue 14): one node, two routers to the same backends,
# `bare` (PathPrefix(`/small`), nothing on it) and `chained` (PathPrefix(`/mw`) through headers,
# ipAllowList, rateLimit, stripPrefix and basicAuth, in that order). One node rather than two, so
# the runtime, the backends' connections and the machine's drift are shared; the rounds alternate
# which router goes first and the ratio is of the medians. The bar is the issue's: the chain
# costs at most 10 % (chained >= 0.90x bare).
MW_ROUNDS="${MW_ROUNDS:-$BENCH_ROUNDS}"
readonly MW_USER=bench
readonly MW_PASSWORD=bench-password
# bcrypt cost 10, as `htpasswd -nbB -C 10` writes it: checked once per distinct credential and
# then cached (docs/middlewares.md, basicAuth); an uncached check at this cost would take tens of
# milliseconds of CPU per request and sink the chained figure far below the bar.
readonly MW_BCRYPT_COST=10

write_middlewares_config() {
    local file=$1 users
    users="$(htpasswd -nbB -C "$MW_BCRYPT_COST" "$MW_USER" "$MW_PASSWORD" | head -n 1)"
    [[ "$users" == "$MW_USER:\$2y\$"* ]] || die "htpasswd did not write a bcrypt line for $MW_USER: $users"
    cat >"$file" <<EOF
http:
  routers:
    bare:
      rule: "PathPrefix(\`/small\`)"
      service: backends
    chained:
      rule: "PathPrefix(\`/mw\`)"
      service: backends
      middlewares: [bench-headers, bench-allow, bench-limit, bench-strip, bench-auth]
  middlewares:
    bench-headers:
      headers:
        customRequestHeaders:
          X-Bench-Chain: "on"
    bench-allow:
      ipAllowList:
        # wrk connects from 127.0.0.1; the rest of loopback is outside.
        sourceRange: ["127.0.0.1/32"]
    bench-limit:
      rateLimit:
        # Far above the load (about 40,000 req/s from one client on this machine): every request
        # takes a token and none waits or is refused. Per node (Traefik's meaning).
        average: 10000000
        period: 1s
        burst: 10000000
    bench-strip:
      stripPrefix:
        prefixes: ["/mw"]
    bench-auth:
      basicAuth:
        users:
          - "$users"
  services:
    backends:
      loadBalancer:
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
EOF
}

# check_middlewares_chain WEB AUTH: the chain is really on the chained router before anything is
# measured, so that the figure is not that of a router serving errors (or bypassing the chain):
# with the credentials 200 and the backend's 100 bytes (stripPrefix took /mw off, or nginx would
# answer 404); without them 401 (basicAuth ran); the bare router 200.
check_middlewares_chain() {
    local web=$1 auth=$2 got
    got="$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H "Authorization: Basic $auth" "http://$web/mw/small")"
    [[ "$got" == "200 100" ]] || die "chained router: expected 200 and 100 bytes with the credentials, got '$got' (node log: $WORK/proxy-middlewares.log)"
    got="$(curl -s -o /dev/null -w '%{http_code}' "http://$web/mw/small")"
    [[ "$got" == 401 ]] || die "chained router: expected 401 without credentials (basicAuth on the chain), got $got"
    got="$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "http://$web/small")"
    [[ "$got" == "200 100" ]] || die "bare router: expected 200 and 100 bytes, got '$got'"
}

# The chained router's Basic credentials, set by middlewares_bench.
MW_AUTH=""

# middlewares_round KEY bare|chained ROUND: one measured run through one router. A chained round
# with any response but 2xx/3xx (a 401 from basicAuth, a 429 from rateLimit, a 403 from
# ipAllowList, a 404 from a prefix left on) or any socket error measured something else than the
# chain letting requests through: stop, loudly. Nothing in this chain redirects and nginx answers
# 200 or 404, so no error here means every response was 200.
middlewares_round() {
    local i=$3 result
    if [[ "$2" == bare ]]; then
        run_wrk "mw-bare-$i" "http://$NODE_WEB/small"
        return
    fi
    # This runs in rotating_rounds' command substitution, where errexit does not reach: a wrk that died ends it here.
    result="$(run_wrk "mw-chained-$i" "http://$NODE_WEB/mw/small" -H "Authorization: Basic $MW_AUTH")" || exit 1
    [[ "$(awk '{print $3}' <<<"$result")" == 0 ]] || {
        grep -E 'Non-2xx|Socket errors' "$WORK/wrk-mw-chained-$i.txt" >&2 || true
        die "chained round $i: $(awk '{print $3}' <<<"$result") responses were not 200 or failed (raw: $WORK/wrk-mw-chained-$i.txt): the figure would not measure the chain"
    }
    echo "$result"
}

middlewares_bench() {
    local bare=() chained=()

    build_proxy || die "middlewares mode needs this proxy (nothing else is measured)"
    start_backends
    write_middlewares_config "$WORK/dynamic.yml"
    start_proxy proxy-middlewares "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
    MW_AUTH="$(printf '%s:%s' "$MW_USER" "$MW_PASSWORD" | base64 -w0)"
    check_middlewares_chain "$NODE_WEB" "$MW_AUTH"

    # One warm-up of the process through both routers (the JIT compiles the chain's handlers too).
    warm_dotnet proxy-middlewares-bare "http://$NODE_WEB/small"
    warm_dotnet proxy-middlewares-chained "http://$NODE_WEB/mw/small" -H "Authorization: Basic $MW_AUTH"
    warn_if_busy
    rotating_rounds mw "$MW_ROUNDS" middlewares_round bare chained
    mapfile -t bare < <(results_of mw "$MW_ROUNDS" bare)
    mapfile -t chained < <(results_of mw "$MW_ROUNDS" chained)

    echo
    echo "== middlewares: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small bare vs GET /mw/small through headers, ipAllowList, rateLimit, stripPrefix, basicAuth (bcrypt cost $MW_BCRYPT_COST, cached); $MW_ROUNDS rounds, order alternating =="
    row "router" req/s "p99 ms" errors
    round_rows mw "$MW_ROUNDS" bare chained
    local bm cm brps crps r berr
    bm="$(median_of "${bare[@]}")"
    cm="$(median_of "${chained[@]}")"
    # shellcheck disable=SC2086
    row "bare median" $bm
    # shellcheck disable=SC2086
    row "chained median" $cm
    echo "$MACHINE_NOTE"
    brps="$(awk '{print $1}' <<<"$bm")"
    crps="$(awk '{print $1}' <<<"$cm")"
    berr="$(awk '{print $3}' <<<"$bm")"
    r="$(ratio "$crps" "$brps")"
    echo "median req/s: bare $brps, chained $crps, chained/bare ${r}x"
    echo
    echo "== targets =="
    verdict "chained >= 0.90x of bare (medians)" "$(ge "$r" 0.90 && echo 1 || echo 0)" "${r}x"
    verdict "no errors on the bare router" "$([[ "$berr" == 0 ]] && echo 1 || echo 0)" "$berr"
    finish
}

# Load-balancing strategies: the same load through services of one node that differ only in
# loadBalancer.strategy (wrr, p2c, hrw) or in a sticky cookie (sticky: wrr with sticky.cookie,
# every request carrying the cookie of the first backend, so that each is pinned by its cookie),
# each behind its own Host router, in rotating rounds. p2c reads two in-flight counters per pick;
# hrw hashes the client's address and each server's URL. wrk's connections all come from
# 127.0.0.1, so hrw sends them all to one backend, as sticky does: their figures are those of one
# pinned client on one backend, not of the pick alone.
LB_ROUNDS="${LB_ROUNDS:-$BENCH_ROUNDS}"
readonly LB_STRATEGIES=(wrr p2c hrw sticky)
readonly LB_STICKY_COOKIE=bench_sticky

# strategy_headers STRATEGY: the -H arguments of STRATEGY's requests, one per line. The sticky
# cookie's value naming the first backend is the first 16 hex digits of its URL's SHA-256.
strategy_headers() {
    printf '%s\n' -H "Host: $1.bench.test"
    if [[ "$1" == sticky ]]; then
        printf '%s\n' -H "Cookie: $LB_STICKY_COOKIE=$(printf 'http://%s' "$BACKEND1" | sha256sum | cut -c1-16)"
    fi
}

write_strategies_config() {
    local s
    {
        echo "http:"
        echo "  routers:"
        for s in "${LB_STRATEGIES[@]}"; do
            printf '    %s:\n      rule: "Host(`%s.bench.test`)"\n      service: backends-%s\n' "$s" "$s" "$s"
        done
        echo "  services:"
        for s in "${LB_STRATEGIES[@]}"; do
            cat <<EOF
    backends-$s:
      loadBalancer:
        strategy: $([[ "$s" == sticky ]] && echo wrr || echo "$s")
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
EOF
            if [[ "$s" == sticky ]]; then
                printf '        sticky:\n          cookie:\n            name: %s\n' "$LB_STICKY_COOKIE"
            fi
        done
    } >"$1"
}

# strategies_round KEY STRATEGY ROUND: one measured run through STRATEGY's router. Any error means
# something else than the strategy was measured: stop.
strategies_round() {
    local s=$2 i=$3 result
    # This runs in rotating_rounds' command substitution, where errexit does not reach: a wrk that died ends it here.
    local headers
    mapfile -t headers < <(strategy_headers "$s")
    result="$(run_wrk "lb-$s-$i" "http://$NODE_WEB/small" "${headers[@]}")" || exit 1
    [[ "$(awk '{print $3}' <<<"$result")" == 0 ]] \
        || die "$s round $i: $(awk '{print $3}' <<<"$result") errors (raw: $WORK/wrk-lb-$s-$i.txt)"
    echo "$result"
}

strategies_bench() {
    local s got results=()
    local -A med=() rps=()

    build_proxy || die "strategies mode needs this proxy (nothing else is measured)"
    start_backends
    write_strategies_config "$WORK/dynamic.yml"
    start_proxy proxy-strategies "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
    local headers
    for s in "${LB_STRATEGIES[@]}"; do
        mapfile -t headers < <(strategy_headers "$s")
        got="$(curl -s -o /dev/null -D "$WORK/lb-$s.headers" -w '%{http_code} %{size_download}' "${headers[@]}" "http://$NODE_WEB/small")"
        [[ "$got" == "200 100" ]] || die "$s router: expected 200 and 100 bytes, got '$got' (node log: $WORK/proxy-strategies.log)"
        # A pinned request gets no new cookie: one that does was not pinned, and sticky would measure the pick.
        if [[ "$s" == sticky ]] && grep -qi "^set-cookie: $LB_STICKY_COOKIE=" "$WORK/lb-$s.headers"; then
            die "sticky router: the request with the first backend's cookie was not pinned ($(grep -i '^set-cookie' "$WORK/lb-$s.headers"))"
        fi
    done
    for s in "${LB_STRATEGIES[@]}"; do
        mapfile -t headers < <(strategy_headers "$s")
        warm_dotnet "proxy-strategies-$s" "http://$NODE_WEB/small" "${headers[@]}"
    done
    warn_if_busy
    rotating_rounds lb "$LB_ROUNDS" strategies_round "${LB_STRATEGIES[@]}"

    echo
    echo "== load-balancing strategies: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small through one node, a service per strategy over the same two backends; $LB_ROUNDS rounds, first rotating =="
    row "strategy" req/s "p99 ms" errors
    round_rows lb "$LB_ROUNDS" "${LB_STRATEGIES[@]}"
    for s in "${LB_STRATEGIES[@]}"; do
        mapfile -t results < <(results_of lb "$LB_ROUNDS" "$s")
        med[$s]="$(median_of "${results[@]}")"
        rps[$s]="$(awk '{print $1}' <<<"${med[$s]}")"
        # shellcheck disable=SC2086
        row "$s median" ${med[$s]}
    done
    echo "$MACHINE_NOTE"
    local p2c_ratio hrw_ratio sticky_ratio
    p2c_ratio="$(ratio "${rps[p2c]}" "${rps[wrr]}")"
    hrw_ratio="$(ratio "${rps[hrw]}" "${rps[wrr]}")"
    sticky_ratio="$(ratio "${rps[sticky]}" "${rps[wrr]}")"
    echo "median req/s: wrr ${rps[wrr]}, p2c ${rps[p2c]} (${p2c_ratio}x of wrr), hrw ${rps[hrw]} (${hrw_ratio}x of wrr; one client address, so one backend), sticky ${rps[sticky]} (${sticky_ratio}x of wrr; every request pinned to one backend by its cookie)"
    echo
    echo "== targets =="
    verdict "p2c >= 0.95x of wrr (medians)" "$(ge "$p2c_ratio" 0.95 && echo 1 || echo 0)" "${p2c_ratio}x"
    verdict "sticky >= 0.95x of wrr (medians)" "$(ge "$sticky_ratio" 0.95 && echo 1 || echo 0)" "${sticky_ratio}x"
    finish
}

# median_rps "rps p99 err"...: the median req/s of the rounds given.
median_rps() {
    printf '%s\n' "$@" | awk '{ print $1 }' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# What a hostile Host header costs: HostRegexp(`(a+)+$`) against 32 'a' and a '!' backtracks
# exponentially in a backtracking engine (the whole 100 ms timeout per request before rule regexes
# ran in linear time). One node, two routers: the regex router (tried first, never matches these
# hosts) and PathPrefix(`/`), which serves both streams. Rounds alternate between plain requests
# alone and plain requests beside a second wrk sending as many connections of attack requests.
REGEX_ROUNDS="${REGEX_ROUNDS:-3}"
readonly PLAIN_HOST=plain.bench.test
readonly ATTACK_HOST=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!

write_regex_config() {
    cat >"$1" <<EOF
http:
  routers:
    attack:
      rule: "HostRegexp(\`(a+)+\$\`)"
      priority: 100
      service: backends
    plain:
      rule: "PathPrefix(\`/\`)"
      priority: 1
      service: backends
  services:
    backends:
      loadBalancer:
        # nginx answers 400 to the attack's Host (a '!' is not valid there): send it the server's.
        passHostHeader: false
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
EOF
}

# seconds_of 10s -> 10 (the durations the regex mode adds up, and those the
# https mode gives ab, must be whole seconds).
seconds_of() {
    [[ "$1" =~ ^([0-9]+)s?$ ]] || die "the regex and https modes need BENCH_DURATION, BENCH_WARMUP and BENCH_DOTNET_WARMUP in whole seconds (10 or 10s), got $1"
    echo "${BASH_REMATCH[1]}"
}

# regex_attacked_round LABEL: prints "plain_rps p99 errors attack_rps attack_p99 attack_errors";
# the attack stream runs through the plain run's warm-up and measured run.
regex_attacked_round() {
    local label=$1 out="$WORK/wrk-$1-attack.txt" attack_pid plain span
    span=$(($(seconds_of "$BENCH_WARMUP") + $(seconds_of "$BENCH_DURATION") + 1))
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${span}s" --latency -H "Host: $ATTACK_HOST" \
        "http://$NODE_WEB/small" >"$out" 2>&1 &
    attack_pid=$!
    PIDS+=("$attack_pid")
    plain="$(run_wrk "$label" "http://$NODE_WEB/small" -H "Host: $PLAIN_HOST")"
    wait "$attack_pid" || { cat "$out" >&2; die "attack wrk failed for $label"; }
    echo "$plain $(parse_wrk "$out")"
}

regex_bench() {
    local i alone=() attacked=() attack=() round

    build_proxy || { log "regex mode needs this proxy; nothing to measure"; return 0; }
    start_backends
    write_regex_config "$WORK/dynamic.yml"
    start_proxy proxy-regex "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
    warm_dotnet proxy-regex "http://$NODE_WEB/small" -H "Host: $PLAIN_HOST"
    warn_if_busy
    for ((i = 1; i <= REGEX_ROUNDS; i++)); do
        if ((i % 2)); then
            alone+=("$(run_wrk "regex-alone-$i" "http://$NODE_WEB/small" -H "Host: $PLAIN_HOST")")
            round="$(regex_attacked_round "regex-attacked-$i")"
        else
            round="$(regex_attacked_round "regex-attacked-$i")"
            alone+=("$(run_wrk "regex-alone-$i" "http://$NODE_WEB/small" -H "Host: $PLAIN_HOST")")
        fi
        attacked+=("$(awk '{print $1, $2, $3}' <<<"$round")")
        attack+=("$(awk '{print $4, $5, $6}' <<<"$round")")
    done

    echo
    echo "== regex: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION, GET /small; attack: a second wrk, as many connections, Host: $ATTACK_HOST, router HostRegexp(\`(a+)+\$\`) =="
    row "stream" req/s "p99 ms" errors
    for ((i = 0; i < REGEX_ROUNDS; i++)); do
        # shellcheck disable=SC2086
        row "alone round $((i + 1))" ${alone[i]}
        # shellcheck disable=SC2086
        row "attacked round $((i + 1))" ${attacked[i]}
        # shellcheck disable=SC2086
        row "attack round $((i + 1))" ${attack[i]}
    done
    echo "(alone, attacked = plain requests; attack = the concurrent attack stream, measured over the plain run's warm-up and run)"
    echo "$MACHINE_NOTE"
    local arps trps xrps r
    arps="$(median_rps "${alone[@]}")"
    trps="$(median_rps "${attacked[@]}")"
    xrps="$(median_rps "${attack[@]}")"
    echo "median req/s: plain alone $arps, plain attacked $trps, attack $xrps"
    echo
    echo "== ratios (medians) =="
    echo "  plain attacked / plain alone             $(ratio "$trps" "$arps")  (two equal streams share the node: about 0.5 when an attack costs what a plain request does)"
    echo "  attack / plain attacked                  $(ratio "$xrps" "$trps")"
    echo "  (attack + plain attacked) / plain alone  $(ratio "$(awk -v a="$xrps" -v b="$trps" 'BEGIN {print a + b}')" "$arps")"
    echo
    echo "== targets =="
    r="$(ratio "$xrps" "$trps")"
    verdict "an attack request costs no more than a plain one" "$(ge "$r" 0.8 && echo 1 || echo 0)" "attack/plain ${r}x"
    finish
}

# --- https mode --------------------------------------------------------------------
#
# The same backends and proxies as the main table, each serving one ECDSA P-256
# certificate over TLS 1.3 with keep-alive: nginx, HAProxy, stock YARP (Kestrel's
# own HTTPS) and this proxy (a file certificate, a router with `tls: {}` on its
# entry point). All four are measured in every round, the order rotating, and
# compared by medians. Then new TLS handshakes per second, a connection and a
# full handshake per request.

https_url() { echo "https://$TLS_NAME:${1##*:}/small"; }

# One certificate for every target, signed by a test CA made for this run (two
# days valid; nothing outside $WORK trusts it). curl (readiness, handshakes) and
# openssl s_client (check_tls) verify it against that CA and TLS_NAME; wrk cannot
# be given a CA (it sets SSL_VERIFY_NONE), so the keep-alive load runs -k style,
# after check_tls has shown every target serves this certificate.
make_certificate() {
    TLS_DIR="$WORK/tls"
    mkdir -p "$TLS_DIR"
    (
        set -e
        cd "$TLS_DIR"
        openssl ecparam -name prime256v1 -genkey -noout -out ca.key
        openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=Proxy bench test CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
        openssl ecparam -name prime256v1 -genkey -noout -out server.key
        openssl req -new -key server.key -subj "/CN=$TLS_NAME" -out server.csr
        printf '%s\n' "subjectAltName=DNS:$TLS_NAME" "basicConstraints=critical,CA:FALSE" \
            "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -sha256 \
            -extfile server.ext -out server.pem
        # HAProxy's crt takes the certificate and its key in one file.
        cat server.pem server.key >server-and-key.pem
    ) >"$WORK/openssl.log" 2>&1 || { cat "$WORK/openssl.log" >&2; die "openssl could not make the bench certificate"; }
    log "certificate for $TLS_NAME (ECDSA P-256) and its test CA in $TLS_DIR"
}

start_nginx_https() {
    local conf="$WORK/nginx-https.conf"
    require_free_port "$HTTPS_NGINX"
    require_free_port "$HTTPS_RESUME_CHECK"
    {
        nginx_main_conf nginx-https auto
        echo "http {"
        nginx_http_common nginx-https
        nginx_upstream_backends
        cat <<EOF
    ssl_certificate $TLS_DIR/server.pem;
    ssl_certificate_key $TLS_DIR/server.key;
    ssl_protocols TLSv1.3;
    server {
        listen $HTTPS_NGINX ssl;
$(nginx_proxy_location)
    }
    # Not measured: check_full_handshakes sends curl here and reads, per connection,
    # whether the TLS session was resumed ("r") or fully negotiated (".").
    log_format resumed '\$ssl_protocol \$ssl_session_reused';
    server {
        listen $HTTPS_RESUME_CHECK ssl;
        access_log $WORK/nginx-https/resumed.log resumed;
        root $WORK/www;
        location / { try_files \$uri =404; }
    }
}
EOF
    } >"$conf"
    start nginx-https nginx -e "$WORK/nginx-https/error.log" -c "$conf"
    wait_ready nginx-https "$STARTED_PID" "$(https_url "$HTTPS_NGINX")"
}

start_yarp_https() {
    local runtime
    mapfile -t runtime < <(yarp_runtime)
    require_free_port "$HTTPS_YARP"
    start yarp-https env "${runtime[@]}" "$YARP_BIN" --urls "https://$HTTPS_YARP" \
        --backends "http://$BACKEND1,http://$BACKEND2" \
        --tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key"
    YARP_PID=$STARTED_PID
    wait_ready yarp-https "$YARP_PID" "$(https_url "$HTTPS_YARP")"
}

# This proxy as Traefik's users write HTTPS: the certificate in the dynamic
# configuration, the router on the TLS entry point with `tls: {}` (default TLS
# options; the check below shows what it negotiates and whether it would also
# speak TLS 1.2).
write_https_router_config() {
    cat >"$1" <<EOF
http:
  routers:
    bench:
      rule: "PathPrefix(\`/\`)"
      entryPoints: [websecure]
      service: backends
      tls: {}
  services:
    backends:
      loadBalancer:
        servers:
          - url: "http://$BACKEND1"
          - url: "http://$BACKEND2"
tls:
  certificates:
    - certFile: "$TLS_DIR/server.pem"
      keyFile: "$TLS_DIR/server.key"
EOF
}

# Returns non-zero (with the reason logged) when the node does not serve the
# certificate over HTTPS within 30 s, so the references are still measured.
start_proxy_https() {
    local rc=0
    require_free_port "$HTTPS_NODE"
    write_https_router_config "$WORK/dynamic-https.yml"
    # The plain entry point is given a loopback address so that no default one
    # (:8000, every interface) opens; nothing is routed on it.
    start_proxy proxy-https "$NODE_WEB" "$NODE_API" "$WORK/dynamic-https.yml" \
        "--entrypoints.websecure.address=$HTTPS_NODE"
    poll_ready proxy-https "$STARTED_PID" "$(https_url "$HTTPS_NODE")" || rc=$?
    ((rc == 0)) && return 0
    log "SKIP this proxy: no HTTPS with the bench's certificate at $(https_url "$HTTPS_NODE") ($( ((rc == 1)) && echo "it exited" || echo "30 s")); its errors and last lines:"
    log "GET /api/errors: $(curl -s --max-time 2 "http://$NODE_API/api/errors" || true)"
    tail -n 20 "$WORK/proxy-https.log" >&2 || true
    return 1
}

# check_tls LABEL ADDRESS: what OpenSSL's default client (the library and the
# defaults wrk's SSLv23_client_method gets) negotiates with the target, the
# certificate checked against the test CA and TLS_NAME and compared with ours
# by SHA-256; then whether the target would also accept TLS 1.2. Dies unless
# TLS 1.3 with our certificate. Prints "protocol cipher group tls12".
check_tls() {
    local label=$1 addr=$2 out="$WORK/tls-check-$1.txt"
    local protocol cipher group served ours tls12=refused
    openssl s_client -connect "$addr" -servername "$TLS_NAME" -verify_hostname "$TLS_NAME" \
        -CAfile "$TLS_DIR/ca.pem" -verify_return_error </dev/null >"$out" 2>&1 \
        || { cat "$out" >&2; die "TLS check of $label at $addr failed (output above)"; }
    read -r protocol cipher < <(awk '/^New, / { gsub(/,/, ""); print $2, $5; exit }' "$out")
    group="$(awk -F': ' '/^Server Temp Key:/ { sub(/,.*/, "", $2); print $2; exit }' "$out")"
    served="$(openssl x509 -in "$out" -noout -fingerprint -sha256 2>/dev/null || true)"
    ours="$(openssl x509 -in "$TLS_DIR/server.pem" -noout -fingerprint -sha256)"
    [[ "$served" == "$ours" ]] || die "$label at $addr serves another certificate than the bench's ($served)"
    grep -q '^Verify return code: 0 (ok)' "$out" || die "$label at $addr: certificate not verified (see $out)"
    [[ "$protocol" == TLSv1.3 ]] || die "$label at $addr negotiated ${protocol:-nothing}, not TLSv1.3"
    if openssl s_client -tls1_2 -connect "$addr" -servername "$TLS_NAME" </dev/null >"$WORK/tls-check-$label-1.2.txt" 2>&1; then
        tls12=accepted
    fi
    echo "$protocol $cipher ${group:-?} $tls12"
}

# The handshake client: curl, one process per BENCH_HS_CLIENTS, each keeping
# BENCH_HS_CONCURRENCY transfers in flight. Each transfer opens its own
# connection (`Connection: close`; %{num_connects} must be 1) and never offers a
# session to resume (--no-sessionid): a full TLS 1.3 handshake per request,
# the certificate verified against the test CA. Not ab: with OpenSSL 3 it counts
# every response as failed when the server closes without a TLS close_notify,
# which Kestrel (YARP and this proxy) does. Not wrk: it keeps its SSL object
# across reconnects and resumes the session (check_full_handshakes shows it).
# curl_handshakes SECONDS URL OUT: one process for SECONDS (then stopped), one
# line per transfer in OUT: "status seconds connects bytes", or curl's error.
curl_handshakes() {
    local secs=$1 url=$2 out=$3
    # -q first: no ~/.curlrc. The query string only makes each URL distinct
    # for curl's glob; every server here ignores it for /small.
    timeout -s TERM "$secs" curl -q --parallel --parallel-immediate --parallel-max "$BENCH_HS_CONCURRENCY" \
        --http1.1 --tlsv1.3 --no-sessionid --cacert "$TLS_DIR/ca.pem" -H "Connection: close" \
        --no-progress-meter -w '%{stderr}%{http_code} %{time_total} %{num_connects} %{size_download}\n' \
        "$url?[1-100000000]" >/dev/null 2>"$out" || true
}

# check_full_handshakes: curl, as in the handshake test, against an nginx
# server that offers TLS 1.3 session tickets and logs $ssl_session_reused per
# connection: every line must be a full handshake ("."). As a control that the
# check can fail, wrk with `Connection: close` against the same server must
# resume ("r"). Prints "curl_full curl_resumed wrk_full wrk_resumed".
check_full_handshakes() {
    local log="$WORK/nginx-https/resumed.log" url curl_counts wrk_counts
    url="$(https_url "$HTTPS_RESUME_CHECK")"
    : >"$log"
    timeout 30 curl -q --parallel --parallel-max 2 --http1.1 --tlsv1.3 --no-sessionid --cacert "$TLS_DIR/ca.pem" \
        -H "Connection: close" --no-progress-meter "$url?[1-100]" >/dev/null 2>"$WORK/curl-resume-check.txt" \
        || { cat "$WORK/curl-resume-check.txt" >&2; die "curl failed against the resumption check server $url"; }
    curl_counts="$(awk '$2 == "." { f++ } $2 == "r" { r++ } END { printf "%d %d", f, r }' "$log")"
    : >"$log"
    wrk -t1 -c2 -d1s -H "Connection: close" "$url" >"$WORK/wrk-resume-check.txt" 2>&1 || true
    wrk_counts="$(awk '$2 == "." { f++ } $2 == "r" { r++ } END { printf "%d %d", f, r }' "$log")"
    [[ "$curl_counts" == "100 0" ]] \
        || die "curl's 100 connections to $url were not all full handshakes (full, resumed: $curl_counts)"
    echo "$curl_counts $wrk_counts"
}

# hs_parallel LABEL URL SECONDS: BENCH_HS_CLIENTS curl processes side by side
# for SECONDS. Prints "handshakes_per_s p99_ms errors": transfers completed
# (200, 100 bytes, on a connection of their own) per second of wall time, the
# 99th percentile of their total time (connect, handshake, request, response),
# and errors = curl errors, other statuses or lengths, reused connections.
hs_parallel() {
    local label=$1 url=$2 secs=$3 i pid start elapsed rate errors n p99=0
    local pids=() outs=() times="$WORK/hs-$1.times"
    start="$(date +%s.%N)"
    for ((i = 1; i <= BENCH_HS_CLIENTS; i++)); do
        outs+=("$WORK/hs-$label-$i.txt")
        curl_handshakes "$secs" "$url" "${outs[-1]}" &
        pids+=("$!")
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || true
    done
    elapsed="$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
    # A line cut by the stop (no newline yet) is neither a transfer nor an error.
    read -r rate errors < <(cat "${outs[@]}" | awk -v elapsed="$elapsed" -v times="$times.raw" '
        NF == 4 && $1 == 200 && $3 == 1 && $4 == 100 { n++; print $2 * 1000 > times; next }
        NF == 4 && $1 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { errors++; next }
        /^curl: \(/ { errors++ }
        END { printf "%d %d\n", n / elapsed, errors }')
    sort -n "$times.raw" -o "$times" 2>/dev/null || : >"$times"
    rm -f "$times.raw"
    n="$(wc -l <"$times")"
    if ((n > 0)); then
        p99="$(sed -n "$(((n * 99 + 99) / 100))p" "$times")"
    fi
    printf '%s %.2f %s\n' "$rate" "$p99" "$errors"
}

# run_handshakes LABEL URL: a BENCH_WARMUP run not measured, then the measured one.
run_handshakes() {
    local label=$1 url=$2
    hs_parallel "$label-warmup" "$url" "$(seconds_of "$BENCH_WARMUP")" >/dev/null
    log "handshakes $label: $url (${BENCH_DURATION}, $BENCH_HS_CLIENTS curl x $BENCH_HS_CONCURRENCY in flight)"
    hs_parallel "$label" "$url" "$(seconds_of "$BENCH_DURATION")"
}

# https_round KIND TARGET ROUND: one measured run of a target; KIND is wrk
# (keep-alive) or hs (handshakes).
declare -A HTTPS_URLS=()
HTTPS_TARGETS=()
https_round() {
    if [[ "$1" == wrk ]]; then
        run_wrk "https-$2-$3" "${HTTPS_URLS[$2]}"
    else
        run_handshakes "$2-$3" "${HTTPS_URLS[$2]}"
    fi
}

# https_rounds KIND: BENCH_ROUNDS rounds over HTTPS_TARGETS (rotating_rounds).
# Results in ROUND_RESULTS[KIND,target,round].
https_rounds() { rotating_rounds "$1" "$BENCH_ROUNDS" https_round "${HTTPS_TARGETS[@]}"; }

# https_table KIND: every round of every target, then each target's median.
# Sets MEDIANS[kind,target].
declare -A MEDIANS=()
https_table() {
    local kind=$1 i t rounds
    for t in "${HTTPS_TARGETS[@]}"; do
        rounds=()
        for ((i = 1; i <= BENCH_ROUNDS; i++)); do
            rounds+=("${ROUND_RESULTS[$kind,$t,$i]}")
            # shellcheck disable=SC2086
            row "$t round $i" ${ROUND_RESULTS[$kind,$t,$i]}
        done
        MEDIANS[$kind,$t]="$(median_of "${rounds[@]}")"
    done
    for t in "${HTTPS_TARGETS[@]}"; do
        # shellcheck disable=SC2086
        row "$t median" ${MEDIANS[$kind,$t]}
    done
}

https_bench() {
    local have_proxy=0 t resumption curl_full curl_resumed wrk_full wrk_resumed

    build_yarp
    build_proxy && have_proxy=1
    make_certificate
    start_backends
    start_nginx_https
    start_haproxy haproxy-https "$HTTPS_HAPROXY" "$(https_url "$HTTPS_HAPROXY")" ssl crt "$TLS_DIR/server-and-key.pem"
    start_yarp_https
    HTTPS_TARGETS=(nginx haproxy yarp)
    HTTPS_URLS=([nginx]="$(https_url "$HTTPS_NGINX")" [haproxy]="$(https_url "$HTTPS_HAPROXY")"
        [yarp]="$(https_url "$HTTPS_YARP")")
    if ((have_proxy)) && ! start_proxy_https; then have_proxy=0; fi
    if ((have_proxy)); then
        check_runtime_knobs "$YARP_PID" "$STARTED_PID"
        HTTPS_TARGETS+=(proxy)
        HTTPS_URLS[proxy]="$(https_url "$HTTPS_NODE")"
    fi

    declare -A tls_info=()
    tls_info[nginx]="$(check_tls nginx "$HTTPS_NGINX")"
    tls_info[haproxy]="$(check_tls haproxy "$HTTPS_HAPROXY")"
    tls_info[yarp]="$(check_tls yarp "$HTTPS_YARP")"
    if ((have_proxy)); then tls_info[proxy]="$(check_tls proxy "$HTTPS_NODE")"; fi
    resumption="$(check_full_handshakes)"

    warn_if_busy
    warm_dotnet yarp "${HTTPS_URLS[yarp]}"
    if ((have_proxy)); then warm_dotnet proxy "${HTTPS_URLS[proxy]}"; fi
    https_rounds wrk
    # New connections take other code paths (accept, SslStream, a handshake)
    # than a warmed keep-alive loop: each .NET process gets its warm-up again.
    log "warm-up yarp: handshakes ($BENCH_DOTNET_WARMUP, not measured)"
    hs_parallel yarp-hs-warmup "${HTTPS_URLS[yarp]}" "$(seconds_of "$BENCH_DOTNET_WARMUP")" >/dev/null
    if ((have_proxy)); then
        log "warm-up proxy: handshakes ($BENCH_DOTNET_WARMUP, not measured)"
        hs_parallel proxy-hs-warmup "${HTTPS_URLS[proxy]}" "$(seconds_of "$BENCH_DOTNET_WARMUP")" >/dev/null
    fi
    https_rounds hs

    echo
    echo "== TLS as negotiated by OpenSSL's default client (as wrk's), certificate checked against the test CA and by fingerprint =="
    printf '%-10s %-9s %-24s %-8s %s\n' target protocol cipher group "TLS 1.2"
    for t in "${HTTPS_TARGETS[@]}"; do
        # shellcheck disable=SC2086
        printf '%-10s %-9s %-24s %-8s %s\n' "$t" ${tls_info[$t]}
    done
    if ((!have_proxy)); then echo "proxy      skipped (see the log above)"; fi

    echo
    echo "== HTTPS keep-alive: wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION --latency, GET https://$TLS_NAME:<port>/small (100 B), $(nproc) cores =="
    row target req/s "p99 ms" errors
    https_table wrk

    echo
    read -r curl_full curl_resumed wrk_full wrk_resumed <<<"$resumption"
    echo "== new TLS 1.3 handshakes: $BENCH_HS_CLIENTS curl x $BENCH_HS_CONCURRENCY in flight, $BENCH_DURATION, Connection: close, --no-sessionid, GET /small =="
    echo "(a connection and a full handshake per request: of curl's 100 connections to an nginx that offers session tickets,"
    echo " $curl_full were full handshakes and $curl_resumed resumed; wrk with Connection: close, for contrast, resumed $wrk_resumed of $((wrk_full + wrk_resumed)))"
    row target handshakes/s "p99 ms" errors
    https_table hs
    echo "(median = the median of the rounds, req/s and p99 each on its own, errors summed; every round runs every target, the first rotating;"
    echo " warm-up $BENCH_WARMUP each, $BENCH_DOTNET_WARMUP once per .NET process for each of the two tests)"
    echo "$MACHINE_NOTE"
    [[ -n "$RUNTIME_NOTE" ]] && echo "$RUNTIME_NOTE"

    echo
    if ((!have_proxy)); then
        echo "== targets: not evaluated, this proxy was skipped (see the log above) =="
        return 0
    fi
    local prps pp99 perr yrps yp99 phs phserr yhs
    read -r prps pp99 perr <<<"${MEDIANS[wrk,proxy]}"
    read -r yrps yp99 _ <<<"${MEDIANS[wrk,yarp]}"
    read -r phs _ phserr <<<"${MEDIANS[hs,proxy]}"
    read -r yhs _ _ <<<"${MEDIANS[hs,yarp]}"
    echo "== ratios (proxy median / reference median) =="
    printf '  %-14s %10s %14s\n' "" "req/s" "handshakes/s"
    for t in yarp nginx haproxy; do
        printf '  %-14s %10s %14s\n' "proxy/$t" \
            "$(ratio "$prps" "$(awk '{print $1}' <<<"${MEDIANS[wrk,$t]}")")" \
            "$(ratio "$phs" "$(awk '{print $1}' <<<"${MEDIANS[hs,$t]}")")"
    done
    echo
    echo "== targets =="
    local r
    r="$(ratio "$prps" "$yrps")"
    verdict "HTTPS req/s >= 1.0x YARP (medians)" "$(ge "$r" 1.0 && echo 1 || echo 0)" "${r}x"
    verdict "HTTPS p99 <= YARP's p99 (medians)" "$(ge "$yp99" "$pp99" && echo 1 || echo 0)" "$pp99 ms vs $yp99 ms"
    verdict "no wrk errors" "$([[ "$perr" == 0 ]] && echo 1 || echo 0)" "$perr"
    verdict "no failed handshakes" "$([[ "$phserr" == 0 ]] && echo 1 || echo 0)" "$phserr"
    echo "  (handshakes/s against YARP: $(ratio "$phs" "$yhs")x; the issue sets no bar for it)"
    finish
}

# --- grpc mode -------------------------------------------------------------------------

# gRPC unary calls per second through the stock YARP proxy and through this proxy, to one Grpc.AspNetCore server
# that both reach over h2c. Clients reach both over TLS with HTTP/2 by ALPN: the node's entry points speak HTTP/2
# to clients only over TLS (as gRPC clients on a network do), so YARP is given the same. The load generator is
# ops/bench/GrpcBench (Grpc.Net.Client): GRPC_CONCURRENCY unary calls in flight over GRPC_CHANNELS channels.
readonly GRPC_BACKEND=127.0.0.4:18083
readonly GRPC_BIN="$BENCH_DIR/GrpcBench/bin/Release/net10.0/GrpcBench"
GRPC_ROUNDS="${GRPC_ROUNDS:-$BENCH_ROUNDS}"
GRPC_CHANNELS="${GRPC_CHANNELS:-4}"
GRPC_CONCURRENCY="${GRPC_CONCURRENCY:-100}"

build_grpc_bench() {
    log "building GrpcBench (Release)"
    dotnet build -c Release "$BENCH_DIR/GrpcBench" >"$WORK/build-grpc.log" 2>&1 \
        || { tail -n 30 "$WORK/build-grpc.log" >&2; die "GrpcBench did not build"; }
}

# wait_listening NAME PID ADDRESS: until something listens on ADDRESS (an h2c gRPC server gives curl's GET no 2xx).
wait_listening() {
    local name=$1 pid=$2 addr=$3 _
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited before it listened (log above)"; }
        ss -Htln "src $addr" | grep -q . && return 0
        sleep 0.1
    done
    die "$name not listening on $addr after 30 s"
}

# run_grpc LABEL URL SECONDS WARMUP_SECONDS: one GrpcBench load run, raw output kept in $WORK/grpc-LABEL.txt.
# Prints "calls_per_s p99_ms errors".
run_grpc() {
    local label=$1 url=$2 seconds=$3 warmup=$4 out="$WORK/grpc-$1.txt"
    log "grpc $label: $url (${seconds}s, $GRPC_CONCURRENCY calls in flight over $GRPC_CHANNELS channels)"
    "$GRPC_BIN" load --target "$url" --duration "$seconds" --warmup "$warmup" \
        --channels "$GRPC_CHANNELS" --concurrency "$GRPC_CONCURRENCY" >"$out" 2>&1 \
        || { cat "$out" >&2; die "GrpcBench load failed for $label"; }
    tail -n 1 "$out"
}

# check_grpc NAME URL: one second of calls through the target, every one answered right, before it is measured.
check_grpc() {
    local result
    result="$(GRPC_CONCURRENCY=1 GRPC_CHANNELS=1 run_grpc "check-$1" "$2" 1 0)"
    awk '{ exit !($1 > 0 && $3 == 0) }' <<<"$result" \
        || die "$1: gRPC calls through $2 failed or none answered ($result; raw: $WORK/grpc-check-$1.txt)"
}

grpc_url() { echo "https://$TLS_NAME:${1##*:}"; }

write_grpc_router_config() {
    cat >"$1" <<EOF
http:
  routers:
    grpc:
      rule: "PathPrefix(\`/\`)"
      entryPoints: [websecure]
      service: grpc
      tls: {}
  services:
    grpc:
      loadBalancer:
        servers:
          - url: "h2c://$GRPC_BACKEND"
tls:
  certificates:
    - certFile: "$TLS_DIR/server.pem"
      keyFile: "$TLS_DIR/server.key"
EOF
}

grpc_round() {
    local target=$2 i=$3 address
    address=$([[ "$target" == yarp ]] && echo "$HTTPS_YARP" || echo "$HTTPS_NODE")
    # This runs in rotating_rounds' command substitution, where errexit does not reach.
    run_grpc "$target-$i" "$(grpc_url "$address")" "$(seconds_of "$BENCH_DURATION")" "$(seconds_of "$BENCH_WARMUP")" || exit 1
}

grpc_bench() {
    local yarp_pid proxy_pid yarp=() proxy=() ym pm yrps prps yerr perr r runtime

    build_proxy || die "grpc mode compares this proxy with YARP: it needs this proxy"
    build_yarp
    build_grpc_bench
    make_certificate

    require_free_port "$GRPC_BACKEND"
    start grpc-backend "$GRPC_BIN" server --listen "$GRPC_BACKEND"
    wait_listening grpc-backend "$STARTED_PID" "$GRPC_BACKEND"

    mapfile -t runtime < <(yarp_runtime)
    require_free_port "$HTTPS_YARP"
    start yarp-grpc env "${runtime[@]}" "$YARP_BIN" --urls "https://$HTTPS_YARP" \
        --backends "h2c://$GRPC_BACKEND" --tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key"
    yarp_pid=$STARTED_PID
    wait_listening yarp-grpc "$yarp_pid" "$HTTPS_YARP"

    require_free_port "$HTTPS_NODE"
    write_grpc_router_config "$WORK/dynamic-grpc.yml"
    # The plain entry point is given a loopback address so that no default one opens; nothing is routed on it.
    start_proxy proxy-grpc "$NODE_WEB" "$NODE_API" "$WORK/dynamic-grpc.yml" "--entrypoints.websecure.address=$HTTPS_NODE"
    proxy_pid=$STARTED_PID
    wait_listening proxy-grpc "$proxy_pid" "$HTTPS_NODE"
    check_runtime_knobs "$yarp_pid" "$proxy_pid"

    check_grpc yarp "$(grpc_url "$HTTPS_YARP")"
    check_grpc proxy "$(grpc_url "$HTTPS_NODE")"
    run_grpc warm-yarp "$(grpc_url "$HTTPS_YARP")" "$(seconds_of "$BENCH_DOTNET_WARMUP")" 0 >/dev/null
    run_grpc warm-proxy "$(grpc_url "$HTTPS_NODE")" "$(seconds_of "$BENCH_DOTNET_WARMUP")" 0 >/dev/null
    warn_if_busy
    rotating_rounds grpc "$GRPC_ROUNDS" grpc_round yarp proxy
    mapfile -t yarp < <(results_of grpc "$GRPC_ROUNDS" yarp)
    mapfile -t proxy < <(results_of grpc "$GRPC_ROUNDS" proxy)

    echo
    echo "== grpc: unary calls, $GRPC_CONCURRENCY in flight over $GRPC_CHANNELS channels, TLS + HTTP/2 to the proxy, h2c to one Grpc.AspNetCore server; $GRPC_ROUNDS rounds of $BENCH_DURATION, order alternating =="
    row "target" calls/s "p99 ms" errors
    round_rows grpc "$GRPC_ROUNDS" yarp proxy
    ym="$(median_of "${yarp[@]}")"
    pm="$(median_of "${proxy[@]}")"
    # shellcheck disable=SC2086
    row "yarp median" $ym
    # shellcheck disable=SC2086
    row "proxy median" $pm
    echo "$MACHINE_NOTE"
    echo "$RUNTIME_NOTE"
    yrps="$(awk '{print $1}' <<<"$ym")"
    prps="$(awk '{print $1}' <<<"$pm")"
    yerr="$(awk '{print $3}' <<<"$ym")"
    perr="$(awk '{print $3}' <<<"$pm")"
    r="$(ratio "$prps" "$yrps")"
    echo "median calls/s: yarp $yrps, this proxy $prps, proxy/yarp ${r}x"
    echo
    echo "== targets =="
    verdict "no failed gRPC call through this proxy" "$([[ "$perr" == 0 ]] && echo 1 || echo 0)" "$perr"
    verdict "no failed gRPC call through YARP" "$([[ "$yerr" == 0 ]] && echo 1 || echo 0)" "$yerr"
    echo "  (calls/s against YARP: ${r}x; the issue sets no bar for it)"
    finish
}

# --- memory mode -------------------------------------------------------------------------

# The seed test's memory alone, this proxy against YARP, in BENCH_ROUNDS interleaved rounds (which goes first
# alternating). Each round starts each process afresh, so that every peak is the high-water mark of one seed test
# and not of the rounds before it: idle RSS after BENCH_MEMORY_SETTLE, then BENCH_MEMORY_WARMUP of wrk on /small
# (JIT tiering and the thread pool's growth, as the main bench's rounds give them before its seed test), then the
# seed test; peak = VmHWM at its end. No throughput is judged here.
BENCH_MEMORY_SETTLE="${BENCH_MEMORY_SETTLE:-5}"
BENCH_MEMORY_WARMUP="${BENCH_MEMORY_WARMUP:-10s}"
readonly IDLE_YARP=127.0.0.1:18097
IDLE_YARP_PID=""

# memory_round KEY TARGET ROUND: prints "idle_kib peak_kib failed warm_kib", where failed counts the seed
# test's failed and non-2xx responses (and an ab that exited non-zero) and warm_kib is VmHWM after the warm-up.
# It runs in rotating_rounds' command substitution: the process it starts is stopped here, on any exit.
memory_round() {
    local target=$2 i=$3 pid url idle warm peak ab failed non2xx rc
    PIDS=()
    trap 'stop_pids "${PIDS[@]}"' EXIT
    if [[ "$target" == yarp ]]; then
        start_yarp "yarp-$i"
        pid=$YARP_PID
        url="http://$YARP_PROXY"
    else
        start_proxy "proxy-$i" "$NODE_WEB" "$NODE_API" "$WORK/dynamic.yml"
        pid=$STARTED_PID
        url="http://$NODE_WEB"
        # Dies (and so stops the bench) when the knobs differ from the idle YARP's.
        check_runtime_knobs "$IDLE_YARP_PID" "$pid"
        log "memory proxy-$i: runtime knobs $(runtime_knobs "$pid")"
    fi
    sleep "$BENCH_MEMORY_SETTLE"
    idle="$(status_kib "$pid" VmRSS)"
    log "memory $target-$i: idle $(kib_to_mib "$idle") MiB; warm-up $BENCH_MEMORY_WARMUP"
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_MEMORY_WARMUP" "$url/small" >/dev/null 2>&1 || true
    warm="$(status_kib "$pid" VmHWM)"
    ab="$(run_ab "$target-$i" "$url/big" "$pid")"
    peak="$(status_kib "$pid" VmHWM)"
    read -r failed non2xx _ _ rc <<<"$ab"
    log "memory $target-$i: peak $(kib_to_mib "$warm") MiB after the warm-up, $(kib_to_mib "$peak") MiB after the seed test"
    echo "$idle $peak $((failed + non2xx + (rc != 0))) $warm"
}

memory_bench() {
    local t i yarp proxy ym pm yw pw yidle ypeak pidle ppeak perr yerr idle peak failed warm

    # Each round restarts both processes: three rounds by default keep this mode to about five minutes.
    [[ -n "$BENCH_ROUNDS_GIVEN" ]] || BENCH_ROUNDS=3
    build_yarp
    build_proxy || die "memory mode compares this proxy with YARP: it needs this proxy"
    start_backends
    write_single_router_config "$WORK/dynamic.yml"
    # A YARP beside the rounds, never loaded, only for check_runtime_knobs in each round of this proxy.
    start_yarp yarp-idle "$IDLE_YARP"
    IDLE_YARP_PID=$YARP_PID
    if [[ "$BENCH_YARP_RUNTIME" == stock ]]; then
        RUNTIME_NOTE="runtime knobs of YARP (BENCH_YARP_RUNTIME=stock): $(runtime_knobs "$IDLE_YARP_PID"); this proxy's: in the log of each round"
    else
        RUNTIME_NOTE="runtime knobs, YARP and this proxy alike (checked in every round): $(runtime_knobs "$IDLE_YARP_PID")"
    fi
    warn_if_busy
    rotating_rounds memory "$BENCH_ROUNDS" memory_round yarp proxy
    mapfile -t yarp < <(results_of memory "$BENCH_ROUNDS" yarp)
    mapfile -t proxy < <(results_of memory "$BENCH_ROUNDS" proxy)

    echo
    echo "== memory: ab -n $BENCH_AB_REQUESTS -c $BENCH_AB_CONCURRENCY GET /big (1 MiB), no keep-alive, each round on fresh processes; $BENCH_ROUNDS rounds, order alternating =="
    echo "(idle = VmRSS ${BENCH_MEMORY_SETTLE}s after ready; warm = VmHWM after $BENCH_MEMORY_WARMUP of wrk -c$BENCH_CONNECTIONS on /small; peak = VmHWM after the seed test)"
    printf '%-16s %10s %10s %10s %8s
' target "idle MiB" "warm MiB" "peak MiB" failed
    for ((i = 1; i <= BENCH_ROUNDS; i++)); do
        for t in yarp proxy; do
            read -r idle peak failed warm <<<"${ROUND_RESULTS[memory,$t,$i]}"
            printf '%-16s %10s %10s %10s %8s
' "$t round $i" "$(kib_to_mib "$idle")" "$(kib_to_mib "$warm")" \
                "$(kib_to_mib "$peak")" "$failed"
        done
    done
    ym="$(median_of "${yarp[@]}")"
    pm="$(median_of "${proxy[@]}")"
    yw="$(median_of "$(printf '%s\n' "${yarp[@]}" | awk '{ print $4, 0, 0 }')")"
    pw="$(median_of "$(printf '%s\n' "${proxy[@]}" | awk '{ print $4, 0, 0 }')")"
    read -r yidle ypeak yerr <<<"$ym"
    read -r pidle ppeak perr <<<"$pm"
    printf '%-16s %10s %10s %10s %8s
' "yarp median" "$(kib_to_mib "$yidle")" "$(kib_to_mib "${yw%% *}")" \
        "$(kib_to_mib "$ypeak")" "$yerr"
    printf '%-16s %10s %10s %10s %8s
' "proxy median" "$(kib_to_mib "$pidle")" "$(kib_to_mib "${pw%% *}")" \
        "$(kib_to_mib "$ppeak")" "$perr"
    echo "proxy/yarp: idle $(ratio "$pidle" "$yidle")x, peak $(ratio "$ppeak" "$ypeak")x"
    echo "$MACHINE_NOTE"
    echo "$RUNTIME_NOTE"
    echo
    echo "== targets =="
    verdict "seed test: 0 failed, 0 non-2xx (all rounds)" "$([[ "$perr" == 0 ]] && echo 1 || echo 0)" "$perr"
    verdict "peak RSS <= 160 MiB (median)" "$(ge $((160 * 1024)) "${ppeak%.*}" && echo 1 || echo 0)" \
        "$(kib_to_mib "$ppeak") MiB"
    finish
}

main() {
    local mode=${1:-all}
    for tool in nginx haproxy wrk ab curl dotnet ss awk openssl htpasswd base64; do
        command -v "$tool" >/dev/null || die "$tool not found (ops/test-env/install.sh installs the load tools)"
    done
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    prepare_workdir
    case "$mode" in
        all) main_bench ;;
        routers) routers_bench ;;
        actors) actors_bench ;;
        observability) observability_bench ;;
        regex) regex_bench ;;
        https) https_bench ;;
        middlewares) middlewares_bench ;;
        strategies) strategies_bench ;;
        grpc) grpc_bench ;;
        memory) memory_bench ;;
        *) die "usage: $0 [routers|actors|observability|regex|https|middlewares|strategies|grpc|memory]" ;;
    esac
}

main "$@"
