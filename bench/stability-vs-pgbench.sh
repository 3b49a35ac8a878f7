#!/usr/bin/env bash
# Stability runs vs pgbench, on the same PostgreSQL, one after the other (never concurrently).
#
#   pooled: PoolGuard `pooled` mode, burst 10, interval 0 (borrow, SELECT 1, hand back)
#           vs  pgbench -M prepared -c 10 -j 2 -f select1.sql         (10 clients on 10 open connections)
#   fresh:  PoolGuard `fresh` mode, burst 10, interval 0 (connect + authenticate, SELECT 1, close)
#           vs  pgbench -C -c 10 -j 2 -f select1.sql                  (a new connection per transaction)
#
# Prints each side's operations per second and the ratio PoolGuard / pgbench (targets: >= 0.9 for both). The
# two sides take turns for ROUNDS rounds (order alternating), so a machine whose load drifts (shared CI runners)
# skews both alike; the overall ratio is total PoolGuard operations over total pgbench transactions.
#
# Both clients skip TLS negotiation (the throwaway server has none): pgbench with PGSSLMODE=disable, PoolGuard with
# sslmode=disable in its URL. Without it libpq spends most of a second per connection on the futile attempt here,
# which would flatter the fresh ratio.
#
# Needs: a JDK 17+, Debian's PostgreSQL server and pgbench (`apt-get install -y postgresql`), curl, jq. Starts a
# throwaway cluster under /tmp on a loopback port (as the `postgres` user when run as root), with scram-sha-256
# password authentication like a real deployment, and the packaged PoolGuard (`./mvnw package -DskipTests` first,
# or the script builds it) pointed at it. The JVM gets one unmeasured warm-up run per mode. Everything it started
# is stopped on exit.
#
# Knobs (environment): DURATION (seconds per measurement, default 20), ROUNDS (default 2), WARMUP (seconds, default 8),
# PG_PORT (default 55432), APP_PORT (default 18080), PGBIN (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-8}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18080}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
CLIENTS=10
THREADS=2
API_KEY=bench-$RANDOM$RANDOM
DB_PASSWORD=bench-pw-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/poolguard-bench.XXXXXX)
APP_PID=

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, $(nproc) cores"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
echo "$DB_PASSWORD" > "$WORK/pw" && chmod 644 "$WORK/pw"
as_postgres "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$WORK/pw" >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 120 start -o "-p $PG_PORT \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK -c max_connections=200 \
    -c fsync=off -c synchronous_commit=off" >/dev/null
as_postgres "$PGBIN/psql" -q -h "$WORK" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE poolguard LOGIN PASSWORD '$DB_PASSWORD'" -c "GRANT pg_monitor TO poolguard" \
    -c "CREATE DATABASE poolguard OWNER poolguard"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/poolguard?sslmode=disable" \
QUARKUS_DATASOURCE_USERNAME=poolguard QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
POOLGUARD_API_KEY="$API_KEY" POOLGUARD_HTTP_PORT="$APP_PORT" POOLGUARD_STABILITY_MAX_COUNT=1000000000 \
    java -jar target/quarkus-app/quarkus-run.jar >"$WORK/app.log" 2>&1 &
APP_PID=$!

API="http://127.0.0.1:$APP_PORT/api/v1/hc/stability-tests"
api() { curl -sS -H "X-API-Key: $API_KEY" "$@"; }
for _ in $(seq 1 120); do
    api -o /dev/null -w '%{http_code}' "$API" 2>/dev/null | grep -q 200 && break
    sleep 0.5
done
api -f -o /dev/null "$API" || { echo "PoolGuard did not start:"; tail -20 "$WORK/app.log"; exit 1; }

# Runs one PoolGuard mode for $2 seconds and prints its operations per second.
poolguard_ops() {
    local mode=$1 seconds=$2 id run
    id=$(api -f -H 'Content-Type: application/json' \
        -d "{\"count\": 1000000000, \"interval\": 0, \"burst\": $CLIENTS, \"mode\": \"$mode\"}" "$API" | jq -r .id)
    sleep "$seconds"
    run=$(api -f -X DELETE "$API/$id")
    local failed
    failed=$(jq '[.failures[]] | add' <<<"$run")
    [ "$failed" = 0 ] || echo "   (PoolGuard $mode: $failed failed operations: $(jq -c .failures <<<"$run"))" >&2
    jq .throughputPerSecond <<<"$run"
}

# Runs pgbench for $DURATION seconds with the given options and prints its TPS.
pgbench_tps() {
    PGSSLMODE=disable PGPASSWORD="$DB_PASSWORD" "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U poolguard "$@" \
        -c "$CLIENTS" -j "$THREADS" -T "$DURATION" -f bench/select1.sql poolguard 2>&1 \
        | awk '/^tps = / {print $3; exit}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# compare NAME POOLGUARD_MODE PGBENCH_OPTION: ROUNDS alternating measurements of each side, then the ratios.
compare() {
    local name=$1 mode=$2 option=$3 pg=0 ours=0 a b
    echo "== $name: PoolGuard $mode, burst $CLIENTS, interval 0 vs pgbench $option -c $CLIENTS -j $THREADS" \
        "(${DURATION}s each, $ROUNDS rounds)"
    poolguard_ops "$mode" "$WARMUP" >/dev/null
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then
            a=$(pgbench_tps "$option"); b=$(poolguard_ops "$mode" "$DURATION")
        else
            b=$(poolguard_ops "$mode" "$DURATION"); a=$(pgbench_tps "$option")
        fi
        printf 'round %d: pgbench %s %10.1f tps   PoolGuard %-6s %10.1f ops/s   ratio %s\n' \
            "$round" "$option" "$a" "$mode" "$b" "$(ratio "$b" "$a")"
        pg=$(awk -v x="$pg" -v y="$a" 'BEGIN { print x + y }')
        ours=$(awk -v x="$ours" -v y="$b" 'BEGIN { print x + y }')
    done
    echo "$name ratio (PoolGuard / pgbench): $(ratio "$ours" "$pg") (target >= 0.90)"
}

echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
compare pooled pooled -Mprepared
compare fresh fresh -C
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
