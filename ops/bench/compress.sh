#!/usr/bin/env bash
# ops/bench/compress.sh: the CPU compress costs per MiB of response, against nginx's gzip at the same level,
# both as reverse proxies in front of one nginx backend serving a 1 MiB text file (the repository's C#
# sources), on loopback. Each round runs, in rotating order, nginx and the node with gzip asked for and
# without, under the same wrk load; CPU is the proxy process's own (/proc/PID/stat utime+stime; nginx's
# master and its one worker), divided by the MiB of uncompressed body it served. The compression's own
# share is the gzip run less the plain run of the same proxy. Ratios are node / nginx, medians of the rounds.
#
#   ops/bench/compress.sh                  # ~2 min: 3 rounds x 4 runs x 5 s
#   BENCH_ROUNDS=5 BENCH_DURATION=10s ops/bench/compress.sh
#   PROXY_BIN=/path/to/proxy-node ops/bench/compress.sh    # a node built elsewhere; no build here
#
# Needs nginx (nginx-light), wrk and curl: ops/test-env/install.sh. Kills only what it started, by PID.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_ROUNDS="${BENCH_ROUNDS:-3}"
BENCH_DURATION="${BENCH_DURATION:-5s}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-4}"
# zlib's level 6: Go's default, which Traefik's gzip uses, and the node's (BodyEncoders.GzipLevel).
GZIP_LEVEL=6
BACKEND=127.0.0.2:18181
NGINX=127.0.0.1:18190
NODE=127.0.0.1:18191
NODE_API=127.0.0.1:18192
PROXY_BIN_GIVEN="${PROXY_BIN:+1}"
PROXY_BIN="${PROXY_BIN:-$ROOT/Proxy.Node/bin/Release/net10.0/proxy-node}"
PIDS=()

log() { echo "[compress-bench] $*" >&2; }
die() { log "FAIL: $*"; exit 1; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ -n "${WORK:-}" && -d "$WORK" ]] && rm -rf "$WORK"
}
trap cleanup EXIT

for tool in nginx wrk curl awk; do command -v "$tool" >/dev/null || die "$tool is missing (ops/test-env/install.sh)"; done

start() {
    local name=$1; shift
    "$@" >"$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

wait_ready() {
    local name=$1 pid=$2 url=$3 i
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$WORK/$name.log" >&2; die "$name exited"; }
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    die "$name did not answer $url"
}

nginx_conf() {
    local name=$1 server=$2
    mkdir -p "$WORK/$name"
    cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/$name/nginx.pid;
error_log $WORK/$name/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/$name/client_body;
    proxy_temp_path $WORK/$name/proxy;
    fastcgi_temp_path $WORK/$name/fastcgi;
    uwsgi_temp_path $WORK/$name/uwsgi;
    scgi_temp_path $WORK/$name/scgi;
    default_type application/octet-stream;
    types { text/plain txt; }
    keepalive_requests 1000000;
$server
}
EOF
}

# CPU ticks (utime + stime) of a process and its children that are still running (nginx's worker).
cpu_ticks() {
    local total=0 pid stat
    for pid in "$1" $(pgrep -P "$1" || true); do
        stat="$(<"/proc/$pid/stat")"
        stat="${stat##*) }"
        total=$((total + $(awk '{print $12 + $13}' <<<"$stat")))
    done
    echo "$total"
}

# measure PID URL ENCODING: prints "cpu_ms_per_mib requests".
measure() {
    local pid=$1 url=$2 encoding=$3 before after out requests
    out="$WORK/wrk.txt"
    before="$(cpu_ticks "$pid")"
    wrk -t1 -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" -H "Accept-Encoding: $encoding" "$url" >"$out" 2>&1
    after="$(cpu_ticks "$pid")"
    requests="$(awk '/requests in/ {print $1}' "$out")"
    awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" -v size="$PAYLOAD_BYTES" \
        'BEGIN { mib = n * size / 1048576; if (mib > 0) printf "%.3f %d\n", t / hz * 1000 / mib, n; else print "nan 0" }'
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

uptime_load="$(awk '{print $1}' /proc/loadavg)"
log "load average now $uptime_load on $(nproc) cores"

WORK="$(mktemp -d /tmp/proxy-compress-bench.XXXXXX)"
chmod 0755 "$WORK"
mkdir -p "$WORK/www"
# Real text: the repository's own C# sources, 1 MiB of them.
# head stops reading at 1 MiB; the cat it cuts off is not a failure.
{ (cd "$ROOT" && git ls-files -z '*.cs' | xargs -0 cat 2>/dev/null) || true; } | head -c 1048576 >"$WORK/www/page.txt"
PAYLOAD_BYTES="$(stat -c %s "$WORK/www/page.txt")"
chmod -R a+rX "$WORK/www"

if [[ -z "$PROXY_BIN_GIVEN" ]]; then
    log "building Proxy.Node (Release)"
    dotnet build "$ROOT/Proxy.Node" -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
fi
[[ -x "$PROXY_BIN" ]] || die "$PROXY_BIN is not executable"

nginx_conf backend "    server { listen $BACKEND; root $WORK/www; gzip off; sendfile on; location / { try_files \$uri =404; } }" >"$WORK/backend.conf"
start backend nginx -e "$WORK/backend/error.log" -c "$WORK/backend.conf"
wait_ready backend "$STARTED_PID" "http://$BACKEND/page.txt"

nginx_conf nginx-gzip "    upstream backend { server $BACKEND; keepalive 16; }
    server {
        listen $NGINX;
        gzip on;
        gzip_comp_level $GZIP_LEVEL;
        gzip_types text/plain;
        gzip_min_length 1024;
        gzip_proxied any;
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
    }" >"$WORK/nginx-gzip.conf"
start nginx-gzip nginx -e "$WORK/nginx-gzip/error.log" -c "$WORK/nginx-gzip.conf"
NGINX_PID=$STARTED_PID
wait_ready nginx-gzip "$NGINX_PID" "http://$NGINX/page.txt"

cat >"$WORK/dynamic.yml" <<EOF
http:
  routers:
    page:
      rule: "PathPrefix(\`/\`)"
      service: backend
      middlewares: [gzip]
  services:
    backend:
      loadBalancer:
        servers:
          - url: "http://$BACKEND"
  middlewares:
    gzip:
      compress:
        encodings: [gzip]
EOF
start node env -u PROXY_BIN DOTNET_gcServer=0 "$PROXY_BIN" "--entrypoints.web.address=$NODE" "--api.address=$NODE_API" \
    "--providers.file.filename=$WORK/dynamic.yml" "--providers.file.watch=false"
NODE_PID=$STARTED_PID
wait_ready node "$NODE_PID" "http://$NODE/page.txt"

for target in "$NGINX" "$NODE"; do
    encoding="$(curl -fsS -D - -o "$WORK/check.gz" -H 'Accept-Encoding: gzip' "http://$target/page.txt" | awk 'tolower($1) == "content-encoding:" {print $2}' | tr -d '\r')"
    [[ "$encoding" == gzip ]] || die "$target did not gzip page.txt (Content-Encoding '$encoding')"
    gzip -dc "$WORK/check.gz" | cmp -s - "$WORK/www/page.txt" || die "$target's gzip body does not decode to page.txt"
    log "$target: $(stat -c %s "$WORK/check.gz") bytes gzip for $PAYLOAD_BYTES"
done
NGINX_SIZE="$(curl -fsS -H 'Accept-Encoding: gzip' "http://$NGINX/page.txt" | wc -c)"
NODE_SIZE="$(curl -fsS -H 'Accept-Encoding: gzip' "http://$NODE/page.txt" | wc -c)"

# Warm-up: the node's JIT and both proxies' connections to the backend.
wrk -t1 -c"$BENCH_CONNECTIONS" -d3s -H 'Accept-Encoding: gzip' "http://$NODE/page.txt" >/dev/null 2>&1
wrk -t1 -c"$BENCH_CONNECTIONS" -d1s -H 'Accept-Encoding: gzip' "http://$NGINX/page.txt" >/dev/null 2>&1

declare -a ng np xg xp
runs=("nginx gzip" "nginx identity" "node gzip" "node identity")
for ((round = 0; round < BENCH_ROUNDS; round++)); do
    for ((k = 0; k < 4; k++)); do
        run="${runs[$(((k + round) % 4))]}"
        case "$run" in
            "nginx gzip") read -r v _ < <(measure "$NGINX_PID" "http://$NGINX/page.txt" gzip); ng+=("$v") ;;
            "nginx identity") read -r v _ < <(measure "$NGINX_PID" "http://$NGINX/page.txt" identity); np+=("$v") ;;
            "node gzip") read -r v _ < <(measure "$NODE_PID" "http://$NODE/page.txt" gzip); xg+=("$v") ;;
            "node identity") read -r v _ < <(measure "$NODE_PID" "http://$NODE/page.txt" identity); xp+=("$v") ;;
        esac
        log "round $((round + 1)) $run: $v ms CPU per MiB"
    done
done

m_ng="$(printf '%s\n' "${ng[@]}" | median)"
m_np="$(printf '%s\n' "${np[@]}" | median)"
m_xg="$(printf '%s\n' "${xg[@]}" | median)"
m_xp="$(printf '%s\n' "${xp[@]}" | median)"
awk -v ng="$m_ng" -v np="$m_np" -v xg="$m_xg" -v xp="$m_xp" -v ns="$NGINX_SIZE" -v xs="$NODE_SIZE" -v p="$PAYLOAD_BYTES" \
    -v lvl="$GZIP_LEVEL" -v rounds="$BENCH_ROUNDS" -v d="$BENCH_DURATION" -v c="$BENCH_CONNECTIONS" -v load="$uptime_load" 'BEGIN {
    printf "== compress: proxy CPU per MiB of body served, gzip level %d, %d B of text, wrk -t1 -c%d -d%s, %d rounds (medians), load at start %s ==\n", lvl, p, c, d, rounds, load
    printf "%-8s %16s %16s %18s %14s\n", "proxy", "gzip ms/MiB", "identity ms/MiB", "compression ms/MiB", "gzip bytes"
    printf "%-8s %16.2f %16.2f %18.2f %14d\n", "nginx", ng, np, ng - np, ns
    printf "%-8s %16.2f %16.2f %18.2f %14d\n", "node", xg, xp, xg - xp, xs
    printf "ratio node/nginx: with gzip %.2fx, compression alone %.2fx, size %.3fx\n", (ng > 0 ? xg / ng : 0), (ng - np > 0 ? (xg - xp) / (ng - np) : 0), xs / ns
}'
