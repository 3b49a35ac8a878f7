#!/usr/bin/env bash
# Bench: does the monitor, sampling every second, slow down the probes?
#
# Runs the packaged jar (built when missing: bench/lib.sh) against a throwaway local PostgreSQL (bench/lib.sh finds it,
# loopback only, trust authentication, deleted afterwards), alternately with the monitor sampling every 1 s and with
# it effectively off (interval 1 h: one sample at startup, then none). Each run warms up, then drives readiness and
# liveness with wrk (1 thread, 4 connections) and prints requests/s and p99 latency per probe, and the ratios
# "monitor at 1 s / monitor off" averaged over the rounds. A ratio near 1.0 means no measurable load. No assertion:
# figures only.
#
# Probe paths: /api/v1/hc/health/ready and /api/v1/hc/health/live.
#
# Usage: bench/monitor-probe-load.sh [seconds-per-probe-run, default 10] [rounds, default 3]
# Needs: a JDK 17+, wrk (apt-get install -y wrk), PostgreSQL binaries (bench/lib.sh), curl. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-10}
ROUNDS=${2:-3}
APP_PORT=18461
PG_PORT=18462
OUT=target/bench-monitor
. bench/lib.sh
PG_BIN=$(pg_bin)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT"
JAR=$(app_jar)

PGDATA=$(mktemp -d /tmp/poolguard-bench-pg.XXXXXX)
[[ $(id -u) == 0 ]] && chown nobody:nogroup "$PGDATA"
app_pid=""
cleanup() {
    if [[ -n $app_pid ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
}
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$PGDATA/data" -U postgres --auth=trust >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA/data" -l "$PGDATA/pg.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDATA" start >/dev/null

start_app() {
    local interval=$1
    QUARKUS_HTTP_HOST=127.0.0.1 POOLGUARD_HTTP_PORT=$APP_PORT \
        QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres \
        QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
        POOLGUARD_MONITOR_INTERVAL=$interval \
        java -Xmx256m -jar "$JAR" >>"$OUT/app-$interval.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/api/v1/hc/health/live" && return 0
        sleep 0.5
    done
    echo "the application did not come up; see $OUT/app-$interval.log" >&2
    exit 1
}

stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

# "<requests/s> <p99 ms>" of one wrk run
measure() {
    local result
    result=$(wrk -t1 -c4 -d"${DURATION}s" --latency "$1")
    awk '/^Requests\/sec:/ {rps = $2}
         $1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)}
                      else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; p99 = v}
         END {print rps, p99}' <<<"$result"
}

READY=/api/v1/hc/health/ready LIVE=/api/v1/hc/health/live
echo "probes: $READY and $LIVE; $ROUNDS rounds of ${DURATION}s per probe" >&2

: >"$OUT/results.txt"
for round in $(seq 1 "$ROUNDS"); do
    for interval in 1s 1h; do
        start_app "$interval"
        wrk -t1 -c4 -d5s "http://127.0.0.1:$APP_PORT$READY" >/dev/null # warm-up (JIT)
        wrk -t1 -c4 -d3s "http://127.0.0.1:$APP_PORT$LIVE" >/dev/null
        read -r ready_rps ready_p99 <<<"$(measure "http://127.0.0.1:$APP_PORT$READY")"
        read -r live_rps live_p99 <<<"$(measure "http://127.0.0.1:$APP_PORT$LIVE")"
        samples=$(curl -fs "http://127.0.0.1:$APP_PORT/api/v1/hc/database/history" | grep -o '"sequence":[0-9]*' | head -1)
        stop_app
        printf 'round %d monitor %-2s: ready %8.1f req/s p99 %7.2f ms | live %8.1f req/s p99 %7.2f ms | newest %s\n' \
            "$round" "$interval" "$ready_rps" "$ready_p99" "$live_rps" "$live_p99" "$samples"
        echo "$interval $ready_rps $ready_p99 $live_rps $live_p99" >>"$OUT/results.txt"
    done
done

awk '{n[$1]++; rr[$1] += $2; rp[$1] += $3; lr[$1] += $4; lp[$1] += $5}
     END {
       printf "mean, monitor 1s: ready %.1f req/s p99 %.2f ms | live %.1f req/s p99 %.2f ms\n", rr["1s"]/n["1s"], rp["1s"]/n["1s"], lr["1s"]/n["1s"], lp["1s"]/n["1s"]
       printf "mean, monitor off: ready %.1f req/s p99 %.2f ms | live %.1f req/s p99 %.2f ms\n", rr["1h"]/n["1h"], rp["1h"]/n["1h"], lr["1h"]/n["1h"], lp["1h"]/n["1h"]
       printf "ratio 1s/off: ready throughput %.3f p99 %.3f | live throughput %.3f p99 %.3f\n", rr["1s"]/rr["1h"], rp["1s"]/rp["1h"], lr["1s"]/lr["1h"], lp["1s"]/lp["1h"]
     }' "$OUT/results.txt"
