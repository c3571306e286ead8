#!/usr/bin/env bash
# Runs the whole test suite, the way CI does: installs what the tests need (idempotent),
# builds once, runs each test project in turn and prints the totals as "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
configuration="${CONFIGURATION:-Release}"
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

if [[ -x "$root/ops/test-env/install.sh" ]]; then
    "$root/ops/test-env/install.sh" || { echo "test-env install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# Two real Docker daemons (hosts A and B) and the base image, for the Docker
# provider's integration tests; each step is a no-op when already done.
docker_sh="$root/ops/test-env/docker.sh"
if ! { "$docker_sh" install && "$docker_sh" start && "$docker_sh" start-second \
    && "$docker_sh" image && "$docker_sh" image unix:///var/run/docker-b.sock; }; then
    if [[ "${CI:-}" == "true" ]]; then
        echo "docker test env failed"; echo "0 passed, 1 failed"; exit 1
    fi
    # A developer without root (or without Docker) still runs everything else; the Docker
    # tests then skip with the reason. In CI (CI=true) they run and fail instead.
    echo "docker test env unavailable: the Docker tests will be skipped (run as root to include them)"
fi
# Not PROXY_*: the node reads every PROXY_* variable as one of its options and rejects unknown ones.
export TEST_DOCKER_HOST_A=unix:///var/run/docker.sock
export TEST_DOCKER_HOST_B=unix:///var/run/docker-b.sock

if ! dotnet build "$root/Proxy.sln" -c "$configuration" -nologo -v quiet; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
# One project at a time: the machine has two cores and the integration tests measure behaviour under load.
for project in "$root"/tests/*/*.csproj; do
    name="$(basename "$project" .csproj)"
    echo "=== $name"
    log="$log_dir/$name.log"
    dotnet test "$project" -c "$configuration" --no-build -nologo 2>&1 | tee "$log"
    summary="$(grep -E '(Passed|Failed)!? +- Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1)"
    if [[ -z "$summary" ]]; then
        # No summary means the test host crashed or never ran: count the project as one failure.
        echo "!!! $name produced no test summary"
        failed=$((failed + 1))
        continue
    fi
    project_failed="$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")"
    project_passed="$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")"
    passed=$((passed + project_passed))
    failed=$((failed + project_failed))
done

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 && "$passed" -gt 0 ]]
