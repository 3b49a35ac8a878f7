#!/usr/bin/env bash
# The first pooled run after start, as a user meets it, against pgbench on the same PostgreSQL.
#
# pgbench -M prepared -c 10 -j 2 runs COUNT transactions (SELECT 1) first; then the packaged jar starts
# (JAVA_OPTS, default -Xmx256m) and, the moment readiness answers 200, a pooled run of COUNT operations, burst 10,
# interval 0 starts. Prints both throughputs and the ratio (goal: >= 0.8), and the run's throughput second by
# second (from polling its progress), which shows where the cold run loses its time: the first seconds (JIT
# warm-up, pool fill) against the rest. Trust authentication, loopback only.
#
# Then, with PoolGuard stopped, a bare JDBC client (bench/JdbcFloor.java) in a fresh JVM for as many seconds as the
# run took: the cold floor, what the warm-up costs a JVM client that does nothing else.
#
# With NATIVE (a native executable, e.g. target/*-runner), the same first run on it too, with NATIVE_OPTS (default
# -Xmx40m, the native Dockerfile's): no JIT to warm, so it shows how much of the cold gap is warm-up.
#
# Knobs (environment): COUNT (default 300000), JAVA_OPTS, NATIVE, NATIVE_OPTS, PG_BIN (see bench/lib.sh).
# Needs: a JDK 17+, pgbench (apt-get install -y postgresql), curl, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

COUNT=${COUNT:-300000}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
NATIVE_OPTS=${NATIVE_OPTS:--Xmx40m}
WORK=$(mktemp -d /tmp/poolguard-cold.XXXXXX)
APP_PID=
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait_gone "$APP_PID"
    stop_pg "$WORK" immediate
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

PG_PORT=$(free_port) APP_PORT=$(free_port) API_KEY=cold-$RANDOM$RANDOM
start_pg "$WORK" "$PG_PORT" trust max_connections=100
PGBENCH=$PGBIN_DIR/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench) || { echo "pgbench is missing: apt-get install -y postgresql" >&2; exit 1; }
JAR=$(app_jar)
echo "== cold run: $COUNT operations, burst 10; PostgreSQL $("$PGBIN_DIR/postgres" --version | awk '{print $3}'), trust; $(nproc) cores"

per_client=$((COUNT / 10))
PGSSLMODE=disable "$PGBENCH" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -M prepared -c 10 -j 2 -t "$per_client" \
    -f bench/select1.sql postgres >"$WORK/pgbench.out" 2>&1
PG_TPS=$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench.out")

BASE="http://127.0.0.1:$APP_PORT"
api() { curl -sS -H "X-API-Key: $API_KEY" "$@"; }

# first_run COMMAND...: starts PoolGuard with COMMAND and, the moment readiness answers 200, a pooled run of COUNT
# operations; prints its progress and sets OURS (ops/s) and FAILED. Stops the service again.
first_run() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
    POOLGUARD_API_KEY="$API_KEY" POOLGUARD_HTTP_PORT="$APP_PORT" POOLGUARD_STABILITY_MAX_COUNT=100000000 \
        "$@" >"$WORK/app.log" 2>&1 &
    APP_PID=$!
    wait_http "$BASE/api/v1/hc/health/ready" "$APP_PID" 3000 \
        || { echo "PoolGuard did not become ready" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }
    local t_post id view last=0 last_t=0 polls=0 done_ops elapsed state
    t_post=$(date +%s%N)
    id=$(api -H 'Content-Type: application/json' -d "{\"count\": $COUNT, \"interval\": 0, \"burst\": 10, \"mode\": \"pooled\"}" \
        "$BASE/api/v1/hc/stability-tests" | jq -r .id)
    echo "   the POST answered in $(( ($(date +%s%N) - t_post) / 1000000 )) ms"
    # Progress against the run's own clock (elapsedSeconds): under load the polling itself (curl, jq) takes time, so
    # "ops per poll" is not "ops per second".
    echo "   run clock (s)  ops since last  ops/s in that interval"
    while :; do
        sleep 1; polls=$((polls + 1))
        view=$(api "$BASE/api/v1/hc/stability-tests/$id")
        read -r done_ops elapsed state <<<"$(jq -r '[.progress.done, .elapsedSeconds, .state] | @tsv' <<<"$view")"
        awk -v t="$elapsed" -v d="$((done_ops - last))" -v lt="$last_t" \
            'BEGIN { printf "   %13.2f  %14d  %22.0f\n", t, d, (t > lt ? d / (t - lt) : 0) }'
        last=$done_ops last_t=$elapsed
        [ "$state" = running ] || break
        [ "$polls" -lt 600 ] || { api -X DELETE "$BASE/api/v1/hc/stability-tests/$id" >/dev/null; break; }
    done
    OURS=$(jq .throughputPerSecond <<<"$view")
    FAILED=$(jq '[.failures[]] | add' <<<"$view")
    kill "$APP_PID" 2>/dev/null && wait_gone "$APP_PID"; APP_PID=
}

first_run java $JAVA_OPTS -jar "$JAR"
echo "pgbench -M prepared -c 10 -j 2: $PG_TPS tps; PoolGuard's first run after start: $OURS ops/s ($FAILED failed)"
echo "cold ratio (PoolGuard / pgbench): $(ratio "$OURS" "$PG_TPS") (goal >= 0.8)"
JVM_OURS=$OURS

# The native executable has no JIT to warm: its first run shows its steady state from the first second.
if [ -n "${NATIVE:-}" ]; then
    echo "== the same first run on the native executable ($NATIVE $NATIVE_OPTS)"
    # shellcheck disable=SC2086
    first_run "$NATIVE" $NATIVE_OPTS
    echo "native first run after start: $OURS ops/s ($FAILED failed); native cold ratio (native / pgbench):" \
        "$(ratio "$OURS" "$PG_TPS")"
fi
OURS=$JVM_OURS

# The same first seconds for a bare JDBC client (bench/JdbcFloor.java in a fresh JVM, no warm-up, the jar's pgjdbc,
# one open connection per thread): what the JIT's warm-up costs any JVM client, before PoolGuard adds anything.
seconds=$(awk -v n="$COUNT" -v r="$OURS" 'BEGIN { s = int(n / r + 0.5); print (s < 1 ? 1 : s) }')
read -r FLOOR _ <<<"$(jdbc_floor "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?sslmode=disable" postgres unused \
    10 0 "$seconds" 60)"
echo "bare JDBC client, its first $seconds s in a fresh JVM: $FLOOR ops/s; cold floor ratio (JDBC / pgbench):" \
    "$(ratio "$FLOOR" "$PG_TPS"); PoolGuard / cold floor $(ratio "$OURS" "$FLOOR")"
