#!/usr/bin/env bash
# CI: lints one real Prometheus scrape of PoolGuard with promtool, Prometheus's own checker. The scrape is written
# by ServerGaugesTest during `./mvnw -B verify` (target/metrics-scrape.prom), so run this after it; another file
# can be given as the first argument.
#
# Fails when the scrape does not parse, and on every lint finding except the exact ones listed in KNOWN_FINDINGS
# below: those are in meters PoolGuard does not own (Agroal's, Quarkus's HTTP and Netty binders, Micrometer's
# system binders) and whose names dashboards already use. A new finding anywhere fails the build.
#
# promtool comes from Debian's `prometheus` package. When it is not on the PATH, the package is downloaded and only
# /usr/bin/promtool is unpacked into target/tools: installing the package would also install (and, under systemd,
# start) the Prometheus server, which CI does not want running.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRAPE=${1:-target/metrics-scrape.prom}

# "<metric> <finding>", exactly as promtool prints them.
KNOWN_FINDINGS=$(cat <<'LIST'
agroal_active_count non-histogram and non-summary metrics should not have "_count" suffix
agroal_available_count non-histogram and non-summary metrics should not have "_count" suffix
agroal_awaiting_count non-histogram and non-summary metrics should not have "_count" suffix
agroal_max_used_count non-histogram and non-summary metrics should not have "_count" suffix
agroal_blocking_time_average_milliseconds use base unit "seconds" instead of "milliseconds"
agroal_blocking_time_max_milliseconds use base unit "seconds" instead of "milliseconds"
agroal_blocking_time_total_milliseconds use base unit "seconds" instead of "milliseconds"
agroal_creation_time_average_milliseconds use base unit "seconds" instead of "milliseconds"
agroal_creation_time_max_milliseconds use base unit "seconds" instead of "milliseconds"
agroal_creation_time_total_milliseconds use base unit "seconds" instead of "milliseconds"
http_server_active_requests no help text
http_server_connections_seconds_active_count no help text
http_server_connections_seconds_duration_sum no help text
netty_allocator_memory_pinned no help text
netty_allocator_memory_used no help text
netty_allocator_pooled_arenas no help text
netty_allocator_pooled_cache_size no help text
netty_allocator_pooled_chunk_size no help text
netty_allocator_pooled_threadlocal_caches no help text
netty_eventexecutor_tasks_pending no help text
process_cpu_time_ns_total metric names should not contain abbreviated units
system_cpu_count non-histogram and non-summary metrics should not have "_count" suffix
LIST
)

find_promtool() {
    if command -v promtool >/dev/null 2>&1; then
        command -v promtool
        return
    fi
    local unpacked=target/tools/usr/bin/promtool
    if [[ ! -x $unpacked ]]; then
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo=sudo
        echo "promtool not found: unpacking it from Debian's prometheus package into target/tools" >&2
        $sudo apt-get update -qq >&2
        local download
        download=$(mktemp -d)
        chmod 755 "$download" # readable by apt's unprivileged download user
        (cd "$download" && apt-get download -q prometheus >&2)
        mkdir -p target/tools
        dpkg-deb --fsys-tarfile "$download"/prometheus_*.deb | tar -x -C target/tools ./usr/bin/promtool
        rm -rf "$download"
    fi
    echo "$unpacked"
}

if [[ ! -s $SCRAPE ]]; then
    echo "check-metrics: $SCRAPE is missing; it is written by ServerGaugesTest (run ./mvnw -B verify first)" >&2
    exit 1
fi

PROMTOOL=$(find_promtool)
echo "check-metrics: $("$PROMTOOL" --version 2>&1 | head -1)"

status=0
findings=$("$PROMTOOL" check metrics <"$SCRAPE" 2>&1) || status=$?
# promtool: 0 clean, 3 lint findings, anything else = the scrape could not be parsed
if [[ $status -ne 0 && $status -ne 3 ]]; then
    echo "check-metrics: promtool could not check $SCRAPE (exit $status):" >&2
    echo "$findings" >&2
    exit 1
fi

unexpected=$(grep -vxF -f <(echo "$KNOWN_FINDINGS") <<<"$findings" || true)
if [[ -n $unexpected ]]; then
    echo "check-metrics: promtool findings in $SCRAPE:" >&2
    echo "$unexpected" >&2
    exit 1
fi
echo "check-metrics: $SCRAPE passes promtool check metrics ($(grep -c '^# TYPE' "$SCRAPE") metric families," \
    "$(grep -cxF -f <(echo "$KNOWN_FINDINGS") <<<"$findings" || true) known findings in meters PoolGuard does not own)"
