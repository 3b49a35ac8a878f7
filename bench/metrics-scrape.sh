#!/usr/bin/env bash
# Bench: what PoolGuard's own meters cost per Prometheus scrape.
#
# Builds the application twice, once as shipped and once without PoolGuard's pool and server gauges
# (io.poolguard.pool.PoolGauges and io.poolguard.server.ServerGauges, removed at build time with
# quarkus.arc.exclude-types), starts each packaged jar in turn and hammers GET /q/metrics with wrk. Prints requests
# per second, mean latency, the service's own CPU time per scrape (from /proc, the steadiest figure on a busy
# machine) and scrape size for both, and the ratios. Rounds alternate between the two builds to even
# out noise from the machine. No assertion: figures only.
#
# The scrape never touches the database, so the bench runs without one: the datasource points at a closed local
# port with an empty pool (min-size/initial-size 0), and the server-side gauges report NaN (no view sampled).
#
# The poolguard_ series are PoolGuard's 12 pool and server-side gauge series plus the acquire timer's histogram
# (about 70 buckets, _count, _sum, _max): the histogram is most of the difference in size.
#
# Usage: bench/metrics-scrape.sh [seconds-per-run, default 10] [rounds, default 2]
# Needs: a JDK 17+, wrk (apt-get install -y wrk), curl. Loopback only. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-10}
ROUNDS=${2:-2}
PORT=18431
OUT=target/bench-metrics
# what Prometheus 2.x sends; it negotiates the text format 0.0.4
ACCEPT='Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

echo "building: as shipped, and without PoolGuard's gauges" >&2
./mvnw -B -q package -DskipTests -Dquarkus.package.output-directory=bench-metrics/with >&2
./mvnw -B -q package -DskipTests -Dquarkus.package.output-directory=bench-metrics/without \
    -Dquarkus.arc.exclude-types=io.poolguard.pool.PoolGauges,io.poolguard.server.ServerGauges >&2

app_pid=""
stop_app() {
    if [[ -n $app_pid ]]; then
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
        app_pid=""
    fi
}
trap stop_app EXIT

# one run: start the build, warm up, measure; sets
# RESULT="<requests/s> <mean latency ms> <bytes> <poolguard series> <service CPU microseconds per scrape>"
run() {
    local build=$1
    QUARKUS_HTTP_HOST=127.0.0.1 POOLGUARD_HTTP_PORT=$PORT \
        QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:1/none \
        QUARKUS_DATASOURCE_USERNAME=bench QUARKUS_DATASOURCE_PASSWORD=bench \
        POOLGUARD_POOL_MIN_SIZE=0 POOLGUARD_POOL_INITIAL_SIZE=0 \
        java -Xmx256m -jar "$OUT/$build/quarkus-run.jar" >"$OUT/$build.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/metrics" && break
        sleep 0.5
    done
    local scrape
    if ! scrape=$(curl -fs -H "$ACCEPT" "http://127.0.0.1:$PORT/q/metrics"); then
        echo "the $build build did not come up; see $OUT/$build.log" >&2
        exit 1
    fi
    wrk -t1 -c2 -d5s -H "$ACCEPT" "http://127.0.0.1:$PORT/q/metrics" >/dev/null # warm-up (JIT)
    local result cpu_before cpu_after
    cpu_before=$(cpu_ticks "$app_pid")
    result=$(wrk -t1 -c2 -d"${DURATION}s" -H "$ACCEPT" "http://127.0.0.1:$PORT/q/metrics")
    cpu_after=$(cpu_ticks "$app_pid")
    stop_app
    local rps latency requests cpu_us
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$result")
    requests=$(awk '/requests in/ {print $1; exit}' <<<"$result")
    cpu_us=$(awk -v t="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
        'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
    latency=$(awk '$1 == "Latency" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v; exit}' <<<"$result")
    RESULT="$rps $latency ${#scrape} $(grep -c '^poolguard_' <<<"$scrape" || true) $cpu_us"
}

# user + system CPU the process has used so far, in clock ticks (/proc/<pid>/stat fields 14 and 15)
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

for round in $(seq 1 "$ROUNDS"); do
    for build in with without; do
        run "$build"
        read -r rps latency bytes series cpu <<<"$RESULT"
        printf '%-8s round %d: %8.1f scrapes/s  mean %6.3f ms  %6.1f us CPU/scrape  %6d bytes  %3d poolguard_ series\n' \
            "$build" "$round" "$rps" "$latency" "$cpu" "$bytes" "$series"
        echo "$build $rps $latency $bytes $cpu" >>"$OUT/results.txt.$$"
    done
done

awk '{n[$1]++; rps[$1] += $2; lat[$1] += $3; bytes[$1] = $4; cpu[$1] += $5}
     END {
       printf "mean over %d rounds: with %.1f scrapes/s %.3f ms %d bytes; without %.1f scrapes/s %.3f ms %d bytes\n",
         n["with"], rps["with"]/n["with"], lat["with"]/n["with"], bytes["with"],
         rps["without"]/n["without"], lat["without"]/n["without"], bytes["without"];
       printf "with/without: throughput x%.3f, latency x%.3f, size x%.3f\n",
         (rps["with"]/n["with"]) / (rps["without"]/n["without"]),
         (lat["with"]/n["with"]) / (lat["without"]/n["without"]), bytes["with"] / bytes["without"];
       printf "service CPU per scrape: with %.1f us, without %.1f us (x%.3f, %+.1f us)\n",
         cpu["with"]/n["with"], cpu["without"]/n["without"], (cpu["with"]/n["with"]) / (cpu["without"]/n["without"]),
         cpu["with"]/n["with"] - cpu["without"]/n["without"]
     }' "$OUT/results.txt.$$"
rm -f "$OUT/results.txt.$$"
