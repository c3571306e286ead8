#!/usr/bin/env bash
# Starts Let's Encrypt's pebble ACME test CA on loopback, with pebble-challtestsrv as its DNS
# server resolving every name to 127.0.0.1, so pebble validates challenges for real against
# whatever listens on 127.0.0.1:<http port> (HTTP-01) and 127.0.0.1:<tls port> (TLS-ALPN-01).
# Never sets PEBBLE_VA_ALWAYS_VALID. The tests start their own pebble (PebbleServer.cs); this
# script is for trying the ACME client by hand.
#
#   ops/test-env/pebble.sh start [dir]   # dir defaults to /tmp/proxy-pebble
#   ops/test-env/pebble.sh stop  [dir]
#
# Ports (override with the variables): ACME 14000, management 15000, DNS 18053,
# challtestsrv management 18055, HTTP-01 5002, TLS-ALPN-01 5001.
set -euo pipefail

command="${1:-}"
dir="${2:-/tmp/proxy-pebble}"
acme_port="${PEBBLE_ACME_PORT:-14000}"
management_port="${PEBBLE_MANAGEMENT_PORT:-15000}"
dns_port="${PEBBLE_DNS_PORT:-18053}"
challtest_management_port="${PEBBLE_CHALLTEST_MANAGEMENT_PORT:-18055}"
http_port="${PEBBLE_HTTP_PORT:-5002}"
tls_port="${PEBBLE_TLS_PORT:-5001}"

start() {
    command -v pebble >/dev/null || { echo "pebble.sh: pebble is not installed (run ops/test-env/install.sh)" >&2; exit 1; }
    mkdir -p "$dir"
    # Debian's package ships no TLS certificate for pebble's own listener: make one for localhost.
    if [[ ! -f "$dir/cert.pem" ]]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
            -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
            -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    fi
    cat >"$dir/pebble-config.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$acme_port",
    "managementListenAddress": "127.0.0.1:$management_port",
    "certificate": "$dir/cert.pem",
    "privateKey": "$dir/key.pem",
    "httpPort": $http_port,
    "tlsPort": $tls_port,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON
    # Only DNS: the challenges are answered by the proxy (or a test), not by challtestsrv.
    setsid pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 "127.0.0.1:$dns_port" \
        -http01 "" -https01 "" -tlsalpn01 "" -management "127.0.0.1:$challtest_management_port" \
        >"$dir/challtestsrv.log" 2>&1 </dev/null &
    echo $! >"$dir/challtestsrv.pid"
    PEBBLE_VA_NOSLEEP=1 setsid pebble -config "$dir/pebble-config.json" -dnsserver "127.0.0.1:$dns_port" \
        >"$dir/pebble.log" 2>&1 </dev/null &
    echo $! >"$dir/pebble.pid"
    for _ in $(seq 50); do
        if curl -fsS --cacert "$dir/cert.pem" "https://localhost:$acme_port/dir" >/dev/null 2>&1; then
            echo "pebble.sh: directory https://localhost:$acme_port/dir (trust $dir/cert.pem);" \
                "root: curl --cacert $dir/cert.pem https://localhost:$management_port/roots/0"
            return 0
        fi
        sleep 0.1
    done
    echo "pebble.sh: pebble did not answer in 5 s; see $dir/pebble.log" >&2
    exit 1
}

stop() {
    local name pid
    for name in pebble challtestsrv; do
        [[ -f "$dir/$name.pid" ]] || continue
        pid="$(cat "$dir/$name.pid")"
        # Only a process this script started, still running the same program.
        if [[ "$(ps -o comm= -p "$pid" 2>/dev/null || true)" == pebble* ]]; then
            kill "$pid"
        fi
        rm -f "$dir/$name.pid"
    done
}

case "$command" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop [dir]" >&2; exit 2 ;;
esac
