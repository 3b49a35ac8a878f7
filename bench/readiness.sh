#!/usr/bin/env bash
# Readiness probe throughput beside a constant endpoint of the same server (not a test: it prints figures).
#
# Drives GET /api/v1/hc/health/ready and GET /api/v1/hc/health/live (the constant baseline: it reads two
# heartbeat timestamps from memory, no I/O, through the same SmallRye Health handler) with wrk, one after the
# other, against the packaged jar, and prints requests/s, p99 latency and the readiness/constant ratio, plus how
# many database validations the readiness run cost. Target (issue 3): ratio >= 0.8 and readiness p99 < 10 ms on
# 2 cores; stock /q/health/ready measured 13k req/s at p99 537 ms against 42k req/s for a constant endpoint.
#
# Needs: a JDK 17+, wrk (apt-get install -y wrk), and either QUARKUS_DATASOURCE_JDBC_URL/USERNAME/PASSWORD for an
# existing database or PostgreSQL server binaries (see bench/lib.sh) for a throwaway cluster on loopback. Builds the jar if missing.
#
# Knobs (env): DURATION (default 20s), CONNECTIONS (50), THREADS (2), WARMUP (10s).
# Loopback only. The machine is shared: run it when `uptime` shows a low load, and compare figures from one run.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10s}

. bench/lib.sh
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }

WORK=$(mktemp -d /tmp/poolguard-bench-XXXXXX)
chmod 755 "$WORK"
APP_PID=""
PG_DATA=""
AS_PG=()
cleanup() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ -n "$PG_DATA" ]] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q package -DskipTests
fi

if [[ -z "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]]; then
  PG_BIN=$(pg_bin)
  [[ "$(id -u)" == 0 ]] && AS_PG=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
  PG_DATA="$WORK/data"
  PG_PORT=$(free_port)
  mkdir -p "$PG_DATA" && chmod 700 "$PG_DATA"
  [[ "$(id -u)" == 0 ]] && chown nobody:nogroup "$PG_DATA"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100" start >/dev/null
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE ROLE poolguard LOGIN PASSWORD 'bench'" \
    -c "GRANT pg_monitor TO poolguard" -c "CREATE DATABASE poolguard OWNER poolguard"
  export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/poolguard"
  export QUARKUS_DATASOURCE_USERNAME=poolguard QUARKUS_DATASOURCE_PASSWORD=bench
fi

HTTP_PORT=$(free_port)
BASE="http://127.0.0.1:$HTTP_PORT"
POOLGUARD_HTTP_PORT=$HTTP_PORT java -Xmx512m -jar target/quarkus-app/quarkus-run.jar >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$BASE/api/v1/hc/health/ready" && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs -o /dev/null "$BASE/api/v1/hc/health/ready" || { echo "readiness never came UP" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }

validations() { curl -fs "$BASE/q/metrics" | awk '/^poolguard_validation_seconds_count/ {print int($2)}'; }

# prints "<requests/s> <p99 in ms>"
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$1" >"$WORK/wrk.out"
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
               ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
    /Non-2xx/ { bad = $NF }
    END { if (bad) { print "non-2xx responses: " bad > "/dev/stderr"; exit 1 } printf "%s %.2f\n", rps, ms }
  ' "$WORK/wrk.out"
}

echo "load before: $(uptime | sed 's/.*load average/load average/'); $(nproc) cores"
echo "warming up ($WARMUP each)..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/api/v1/hc/health/live" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/api/v1/hc/health/ready" >/dev/null

read -r CONST_RPS CONST_P99 < <(measure /api/v1/hc/health/live)
BEFORE=$(validations)
read -r READY_RPS READY_P99 < <(measure /api/v1/hc/health/ready)
AFTER=$(validations)

printf '%-34s %12s %10s\n' "endpoint ($CONNECTIONS connections, $DURATION)" "req/s" "p99 ms"
printf '%-34s %12.0f %10.2f\n' "constant  /api/v1/hc/health/live" "$CONST_RPS" "$CONST_P99"
printf '%-34s %12.0f %10.2f\n' "readiness /api/v1/hc/health/ready" "$READY_RPS" "$READY_P99"
awk -v r="$READY_RPS" -v c="$CONST_RPS" 'BEGIN { printf "ratio readiness/constant: %.2f (target >= 0.80)\n", r / c }'
echo "database validations during the readiness run: $((AFTER - BEFORE))"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
