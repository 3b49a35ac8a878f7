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
# Beside each ratio it prints the client's CPU per operation: PoolGuard's whole process (user + system, from
# /proc) and pgbench's, in microseconds; on two cores the client's CPU decides how much is left for the backends.
# And the system time's share of that CPU ("% sys"): the kernel's part (the socket write that wakes a backend, the
# read that waits for its reply), which every client pays per round trip; the rest is the client's own code.
#
# Needs: a JDK 17+, Debian's PostgreSQL server and pgbench (`apt-get install -y postgresql`), curl, jq. Starts a
# throwaway cluster under /tmp on a loopback port (see bench/lib.sh; as `nobody` when run as root), with scram-sha-256
# password authentication like a real deployment, and the packaged PoolGuard (`./mvnw package -DskipTests` first,
# or the script builds it) pointed at it. The JVM gets one unmeasured warm-up run per mode. Everything it started
# is stopped on exit.
#
# The floor (pooled mode only): bench/JdbcFloor.java, the same operation with the same driver on one open
# connection per thread and nothing else (no pool, no bookkeeping, no HTTP), once per socket timeout in
# FLOOR_SOCKET_TIMEOUTS (default "60 0": PoolGuard's default stall guard, then none), each after a 4 s warm-up in its
# own JVM. PoolGuard / floor is what the pool and the run's measurements cost; floor / pgbench is what a blocking JDBC
# client on a JVM costs before PoolGuard adds anything.
#
# Before/after in one run: BASELINE_JAR=/path/to/an/older/quarkus-app/quarkus-run.jar starts that build too, on the
# same PostgreSQL, and measures it in every round beside the current one ("baseline" lines; the "<mode> ratio" line
# stays the current build's). BASELINE_OPTS (default: JAVA_OPTS) are the baseline's JVM options: with BASELINE_JAR
# set to the current jar, a runtime setting is measured on and off in the same rounds (e.g. BASELINE_OPTS="-Xmx256m
# -Dquarkus.datasource.jdbc.detect-statement-leaks=false" against the default).
#
# Knobs (environment): DURATION (seconds per measurement, default 20), ROUNDS (default 2), WARMUP (seconds, default 8),
# MODES (default "pooled fresh"), PG_PORT and APP_PORT (default: free ports), PG_BIN (see bench/lib.sh),
# JAVA_OPTS (default -Xmx256m), BASELINE_JAR (default none), BASELINE_OPTS (default JAVA_OPTS), FLOOR_SOCKET_TIMEOUTS
# (default "60 0"; empty: no floor).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-8}
MODES=${MODES:-pooled fresh}
PG_PORT=${PG_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port)}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
BASELINE_OPTS=${BASELINE_OPTS:-$JAVA_OPTS}
FLOOR_SOCKET_TIMEOUTS=${FLOOR_SOCKET_TIMEOUTS-60 0}
CLIENTS=10
THREADS=2
API_KEY=bench-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/poolguard-bench.XXXXXX)
APP_PID= BASE_PID=

cleanup() {
    local p
    for p in $APP_PID $BASE_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
    stop_pg "$WORK" immediate
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

start_pg "$WORK" "$PG_PORT" scram max_connections=200
PGBENCH=$PGBIN_DIR/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench) || { echo "pgbench is missing: apt-get install -y postgresql" >&2; exit 1; }
echo "== PostgreSQL $("$PGBIN_DIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, $(nproc) cores"
DB_PASSWORD=$PG_PASSWORD
psql_pg "$WORK" "$PG_PORT" "CREATE ROLE poolguard LOGIN PASSWORD '$DB_PASSWORD'" "GRANT pg_monitor TO poolguard" \
    "CREATE DATABASE poolguard OWNER poolguard"

# start_app JAR PORT LOG [JVM_OPTIONS]: starts PoolGuard from JAR on PORT (with JAVA_OPTS unless JVM_OPTIONS is given)
# and prints its pid once it is ready.
start_app() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/poolguard?sslmode=disable" \
    QUARKUS_DATASOURCE_USERNAME=poolguard QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
    POOLGUARD_API_KEY="$API_KEY" POOLGUARD_HTTP_PORT="$2" POOLGUARD_STABILITY_MAX_COUNT=1000000000 \
        java ${4:-$JAVA_OPTS} -jar "$1" >"$3" 2>&1 &
    local pid=$!
    wait_http "http://127.0.0.1:$2/api/v1/hc/health/ready" "$pid" \
        || { echo "PoolGuard ($1) did not start:" >&2; tail -20 "$3" >&2; kill "$pid" 2>/dev/null; return 1; }
    echo "$pid"
}
APP_PID=$(start_app "$(app_jar)" "$APP_PORT" "$WORK/app.log")
if [ -n "${BASELINE_JAR:-}" ]; then
    BASE_PORT=$(free_port)
    BASE_PID=$(start_app "$BASELINE_JAR" "$BASE_PORT" "$WORK/baseline.log" "$BASELINE_OPTS")
fi
api() { curl -sS -H "X-API-Key: $API_KEY" "$@"; }

# poolguard_ops MODE SECONDS [baseline]: runs one PoolGuard mode for SECONDS on the current build (or the baseline)
# and prints "<ops/s> <service CPU microseconds per operation> <system time's share of that CPU, %>".
poolguard_ops() {
    local mode=$1 seconds=$2 id run before after sys_before sys_after pid=$APP_PID port=$APP_PORT
    [ "${3:-}" = baseline ] && pid=$BASE_PID port=$BASE_PORT
    local API="http://127.0.0.1:$port/api/v1/hc/stability-tests"
    before=$(cpu_ticks "$pid") sys_before=$(sys_ticks "$pid")
    id=$(api -f -H 'Content-Type: application/json' \
        -d "{\"count\": 1000000000, \"interval\": 0, \"burst\": $CLIENTS, \"mode\": \"$mode\"}" "$API" | jq -r .id)
    sleep "$seconds"
    run=$(api -f -X DELETE "$API/$id")
    after=$(cpu_ticks "$pid") sys_after=$(sys_ticks "$pid")
    local failed
    failed=$(jq '[.failures[]] | add' <<<"$run")
    [ "$failed" = 0 ] || echo "   (PoolGuard $mode: $failed failed operations: $(jq -c .failures <<<"$run"))" >&2
    awk -v ops="$(jq '.successes + ([.failures[]] | add)' <<<"$run")" -v t="$((after - before))" -v hz="$(clk_tck)" \
        -v rate="$(jq .throughputPerSecond <<<"$run")" -v sys="$((sys_after - sys_before))" \
        'BEGIN { printf "%s %.1f %.0f\n", rate, t / hz * 1e6 / ops, (t > 0 ? sys * 100 / t : 0) }'
}

# Runs pgbench for $DURATION seconds with the given options and prints "<tps> <pgbench CPU microseconds per
# transaction> <system time's share of that CPU, %>" (its user + system time, from the shell's `times` for its
# children).
pgbench_tps() {
    (
        PGSSLMODE=disable PGPASSWORD="$DB_PASSWORD" "$PGBENCH" -n -h 127.0.0.1 -p "$PG_PORT" -U poolguard "$@" \
            -c "$CLIENTS" -j "$THREADS" -T "$DURATION" -f bench/select1.sql poolguard >"$WORK/pgbench.out" 2>&1
        times >"$WORK/pgbench.times"
    )
    local tps tx cpu sys
    tps=$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench.out")
    tx=$(awk '/number of transactions actually processed/ {split($NF, a, "/"); print a[1]; exit}' "$WORK/pgbench.out")
    read -r cpu sys <<<"$(tail -1 "$WORK/pgbench.times" | awk '{ s = 0; for (i = 1; i <= 2; i++) { v = $i; m = v; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", v); sub(/s$/, "", v); s += m * 60 + v } print s, m * 60 + v }')"
    awk -v tps="$tps" -v tx="$tx" -v cpu="$cpu" -v sys="$sys" \
        'BEGIN { printf "%s %.1f %.0f\n", tps, cpu * 1e6 / tx, (cpu > 0 ? sys * 100 / cpu : 0) }'
}

# floor_ops SOCKET_TIMEOUT: bench/JdbcFloor.java for $DURATION seconds (after its own warm-up) with the jar's pgjdbc;
# prints "<ops/s> <CPU microseconds per operation> <system time's share of that CPU, %>".
floor_ops() {
    jdbc_floor "jdbc:postgresql://127.0.0.1:$PG_PORT/poolguard?sslmode=disable" poolguard "$DB_PASSWORD" "$CLIENTS" 4 \
        "$DURATION" "$1"
}

# compare NAME POOLGUARD_MODE PGBENCH_OPTION: ROUNDS alternating measurements of each side, then the ratios.
declare -A FLOOR_OPS FLOOR_CPU FLOOR_SYS
add() { awk -v x="$1" -v y="$2" 'BEGIN { print x + y }'; }
avg() { awk -v s="$1" -v n="$ROUNDS" 'BEGIN { printf "%.1f", s / n }'; }

compare() {
    local name=$1 mode=$2 option=$3 pg=0 ours=0 base=0 a b c acpu bcpu ccpu acpus=0 bcpus=0 ccpus=0
    local asys bsys csys asyss=0 bsyss=0
    echo "== $name: PoolGuard $mode, burst $CLIENTS, interval 0 vs pgbench $option -c $CLIENTS -j $THREADS" \
        "(${DURATION}s each, $ROUNDS rounds${BASE_PID:+, baseline $BASELINE_JAR})"
    poolguard_ops "$mode" "$WARMUP" >/dev/null
    [ -z "$BASE_PID" ] || poolguard_ops "$mode" "$WARMUP" baseline >/dev/null
    for round in $(seq 1 "$ROUNDS"); do
        c=0 ccpu=0 csys=0
        if [ $((round % 2)) = 1 ]; then
            read -r a acpu asys <<<"$(pgbench_tps "$option")"; read -r b bcpu bsys <<<"$(poolguard_ops "$mode" "$DURATION")"
            [ -z "$BASE_PID" ] || read -r c ccpu csys <<<"$(poolguard_ops "$mode" "$DURATION" baseline)"
        else
            [ -z "$BASE_PID" ] || read -r c ccpu csys <<<"$(poolguard_ops "$mode" "$DURATION" baseline)"
            read -r b bcpu bsys <<<"$(poolguard_ops "$mode" "$DURATION")"; read -r a acpu asys <<<"$(pgbench_tps "$option")"
        fi
        printf 'round %d: pgbench %s %10.1f tps (%6.1f us CPU/tx, %2d %% sys)   PoolGuard %-6s %10.1f ops/s (%6.1f us CPU/op, %2d %% sys)   ratio %s\n' \
            "$round" "$option" "$a" "$acpu" "$asys" "$mode" "$b" "$bcpu" "$bsys" "$(ratio "$b" "$a")"
        [ -z "$BASE_PID" ] || printf '         baseline PoolGuard %-6s %10.1f ops/s (%6.1f us CPU/op, %2d %% sys)   ratio %s\n' \
            "$mode" "$c" "$ccpu" "$csys" "$(ratio "$c" "$a")"
        if [ "$mode" = pooled ]; then
            for t in $FLOOR_SOCKET_TIMEOUTS; do
                read -r f fcpu fsys <<<"$(floor_ops "$t")"
                printf '         JDBC floor, socketTimeout=%-3s %10.1f ops/s (%6.1f us CPU/op, %2d %% sys)   ratio %s   PoolGuard / floor %s\n' \
                    "$t" "$f" "$fcpu" "$fsys" "$(ratio "$f" "$a")" "$(ratio "$b" "$f")"
                FLOOR_OPS[$t]=$(add "${FLOOR_OPS[$t]:-0}" "$f"); FLOOR_CPU[$t]=$(add "${FLOOR_CPU[$t]:-0}" "$fcpu")
                FLOOR_SYS[$t]=$(add "${FLOOR_SYS[$t]:-0}" "$fsys")
            done
        fi
        pg=$(add "$pg" "$a"); ours=$(add "$ours" "$b"); base=$(add "$base" "$c")
        acpus=$(add "$acpus" "$acpu"); bcpus=$(add "$bcpus" "$bcpu"); ccpus=$(add "$ccpus" "$ccpu")
        asyss=$(add "$asyss" "$asys"); bsyss=$(add "$bsyss" "$bsys")
    done
    echo "$name ratio (PoolGuard / pgbench): $(ratio "$ours" "$pg");" \
        "client CPU per operation: PoolGuard $(avg "$bcpus") us, pgbench $(avg "$acpus") us;" \
        "system time's share of it: PoolGuard $(avg "$bsyss") %, pgbench $(avg "$asyss") %"
    if [ "$mode" = pooled ]; then
        for t in $FLOOR_SOCKET_TIMEOUTS; do
            echo "$name floor socketTimeout=$t (JDBC floor / pgbench): $(ratio "${FLOOR_OPS[$t]}" "$pg");" \
                "client CPU per operation: floor $(avg "${FLOOR_CPU[$t]}") us; PoolGuard / floor $(ratio "$ours" "${FLOOR_OPS[$t]}");" \
                "system time's share of the floor's CPU $(avg "${FLOOR_SYS[$t]}") %"
        done
    fi
    [ -z "$BASE_PID" ] || echo "$name baseline ratio (baseline PoolGuard / pgbench): $(ratio "$base" "$pg");" \
        "client CPU per operation: baseline PoolGuard $(avg "$ccpus") us; current / baseline throughput $(ratio "$ours" "$base")"
}

echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $MODES; do
    case "$mode" in
        pooled) compare pooled pooled -Mprepared ;;
        fresh) compare fresh fresh -C ;;
    esac
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
