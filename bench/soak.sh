#!/usr/bin/env bash
# Soak: does anything grow while PoolGuard works for ten minutes, through a PostgreSQL restart?
#
# Against the packaged jar (or the native executable: NATIVE=target/poolguard-...-runner) and a throwaway
# PostgreSQL with password (SCRAM) authentication, for SOAK_SECONDS (default 600):
#   - readiness probes at 50 in flight for the whole time (wrk -c50 on /api/v1/hc/health/ready);
#   - a pooled stability run every 20 s (RUN_COUNT operations, burst 10, interval 0);
#   - a Prometheus-style scrape of /q/metrics every 5 s;
#   - PostgreSQL restarted (fast) at RESTART_AT seconds (default 300).
# Every 30 s it records the service's RSS, threads and open file descriptors and the server's connection count, and
# at the end prints that table, the growth after warm-up (first sample at or after WARMUP seconds, default 120,
# against the last) and the failed operations of the runs that started outside the restart window
# (RESTART_AT - 20 s .. RESTART_AT + RESTART_WINDOW, default 30 s). Exits 1 when a run outside the window failed or a
# scrape failed, so it can gate a release; the flatness figures are printed, not judged (they are noisy).
#
# Needs: a JDK 17+, wrk, curl, jq (apt-get install -y wrk jq) and PostgreSQL binaries (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SOAK_SECONDS=${SOAK_SECONDS:-600}
RESTART_AT=${RESTART_AT:-300}
RESTART_WINDOW=${RESTART_WINDOW:-30}
WARMUP=${WARMUP:-120}
RUN_COUNT=${RUN_COUNT:-20000}
JVM_OPTS=${JVM_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxDirectMemorySize=32m}
for tool in wrk curl jq; do command -v $tool >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 1; }; done

WORK=$(mktemp -d /tmp/poolguard-soak.XXXXXX)
APP_PID= WRK_PID=
cleanup() {
    [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait_gone "$APP_PID"
    stop_pg "$WORK" immediate
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

PG_PORT=$(free_port) APP_PORT=$(free_port) API_KEY=soak-$RANDOM$RANDOM
start_pg "$WORK" "$PG_PORT" scram max_connections=100
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?sslmode=disable"
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD"
export POOLGUARD_API_KEY="$API_KEY" POOLGUARD_HTTP_PORT="$APP_PORT" POOLGUARD_STABILITY_MAX_COUNT=100000000
if [ -n "${NATIVE:-}" ]; then
    "$NATIVE" -Xmx40m >"$WORK/app.log" 2>&1 & APP_PID=$!; what="native $NATIVE"
else
    # shellcheck disable=SC2086 # the option list is meant to split
    java $JVM_OPTS -jar "$(app_jar)" >"$WORK/app.log" 2>&1 & APP_PID=$!; what="JVM jar ($JVM_OPTS)"
fi
BASE="http://127.0.0.1:$APP_PORT"
wait_http "$BASE/api/v1/hc/health/ready" "$APP_PID" || { echo "PoolGuard did not become ready" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }
echo "== soak ${SOAK_SECONDS}s: $what; PostgreSQL $("$PGBIN_DIR/postgres" --version | awk '{print $3}'), restart at ${RESTART_AT}s; $(nproc) cores"

wrk -t1 -c50 -d"${SOAK_SECONDS}s" "$BASE/api/v1/hc/health/ready" >"$WORK/wrk.out" 2>&1 & WRK_PID=$!
api() { curl -sS -H "X-API-Key: $API_KEY" "$@"; }
server_connections() {
    as_pg "$PGBIN_DIR/psql" -qtAX -h "$WORK" -p "$PG_PORT" -U postgres -d postgres \
        -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'" 2>/dev/null || echo "-"
}

START=$(date +%s) restarted=0 next_run=0 next_scrape=0 next_sample=0 scrape_failures=0 run_id=
: >"$WORK/samples" ; : >"$WORK/runs"
finish_run() { # records the last run: start offset, failures
    [ -n "$run_id" ] || return 0
    local view
    view=$(api "$BASE/api/v1/hc/stability-tests/$run_id" 2>/dev/null) || return 0
    if [ "$(jq -r .state <<<"$view")" = running ]; then view=$(api -X DELETE "$BASE/api/v1/hc/stability-tests/$run_id" 2>/dev/null || echo '{}'); fi
    echo "$run_started $(jq '[(.failures // {})[]] | add // 0' <<<"$view") $(jq -r '.throughputPerSecond // 0' <<<"$view")" >>"$WORK/runs"
    run_id=
}
while :; do
    now=$(( $(date +%s) - START ))
    [ "$now" -ge "$SOAK_SECONDS" ] && break
    if [ "$restarted" = 0 ] && [ "$now" -ge "$RESTART_AT" ]; then
        restart_pg "$WORK"; restarted=1; echo "   ${now}s: PostgreSQL restarted"
    fi
    if [ "$now" -ge "$next_scrape" ]; then
        curl -fs -o /dev/null "$BASE/q/metrics" || scrape_failures=$((scrape_failures + 1)); next_scrape=$((now + 5))
    fi
    if [ "$now" -ge "$next_run" ]; then
        finish_run
        run_started=$now
        run_id=$(api -H 'Content-Type: application/json' \
            -d "{\"count\": $RUN_COUNT, \"interval\": 0, \"burst\": 10, \"mode\": \"pooled\"}" \
            "$BASE/api/v1/hc/stability-tests" | jq -r '.id // empty') || run_id=
        next_run=$((now + 20))
    fi
    if [ "$now" -ge "$next_sample" ]; then
        printf '%5d %8s %7s %5s %11s\n' "$now" "$(rss_mib "$APP_PID")" "$(threads_of "$APP_PID")" \
            "$(fds_of "$APP_PID")" "$(server_connections)" | tee -a "$WORK/samples"
        next_sample=$((now + 30))
    fi
    sleep 1
done
finish_run
wait "$WRK_PID" 2>/dev/null || true; WRK_PID=

echo
echo "== every 30 s: seconds, RSS MiB, threads, fds, server connections (above); growth from ${WARMUP}s to the end:"
awk -v w="$WARMUP" '$1 >= w && !base {base = 1; r = $2; t = $3; f = $4; c = $5} {lr = $2; lt = $3; lf = $4; lc = $5}
    END { printf "RSS %.1f -> %.1f MiB (%+.1f %%), threads %d -> %d, fds %d -> %d, server connections %s -> %s\n",
          r, lr, (lr - r) * 100 / r, t, lt, f, lf, c, lc }' "$WORK/samples"
probes=$(awk '/requests in/ {print $1}' "$WORK/wrk.out"); bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out")
echo "probes: ${probes:-?} readiness requests, ${bad:-0} not 200 (expected only around the restart)"
lo=$((RESTART_AT - 20)) hi=$((RESTART_AT + RESTART_WINDOW))
awk -v lo="$lo" -v hi="$hi" '{ if ($1 >= lo && $1 <= hi) { inw += $2 } else { out += $2; n++ } }
    END { printf "stability runs: %d outside the restart window with %d failed operations; %d failed inside it\n", n, out, inw }' "$WORK/runs"
echo "scrapes failed: $scrape_failures"
outside=$(awk -v lo="$lo" -v hi="$hi" '($1 < lo || $1 > hi) {s += $2} END {print s + 0}' "$WORK/runs")
[ "$outside" = 0 ] && [ "$scrape_failures" = 0 ]
