#!/usr/bin/env bash
# Every benchmark, one after the other, then one table of the figures (each ratio taken side by side in this run).
# About 12 minutes on 2 cores with the default knobs below (a minute more with the native start baselines, once
# bench/baseline-start.sh has built them); each script's whole output is kept under target/bench-all/. The table is
# what bench/README.md records.
#
# Builds the jar when missing; the native rows need a native executable in target/ (./mvnw package -Dnative),
# otherwise they say "no native executable". Run it on a quiet machine: `uptime` before and after is printed.
# Needs what the scripts need: a JDK 17+, Debian's postgresql (pgbench), wrk, curl, jq.
set -uo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

OUT=target/bench-all
mkdir -p "$OUT"
app_jar >/dev/null
NATIVE_BIN=
for f in target/*-runner; do [ -x "$f" ] && NATIVE_BIN=$f; done

echo "== bench/all.sh on $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # name, command...: runs one benchmark, its output to $OUT/name.log
    local name=$1; shift
    local t0=$SECONDS
    echo "-- $name: $*" >&2
    "$@" >"$OUT/$name.log" 2>&1 || echo "   ($name exited $?; see $OUT/$name.log)" >&2
    echo "   $((SECONDS - t0)) s" >&2
}
run pgbench env DURATION=15 ROUNDS=2 WARMUP=8 bench/stability-vs-pgbench.sh
run cold env COUNT=300000 NATIVE="$NATIVE_BIN" bench/cold-run.sh
if [ -n "$NATIVE_BIN" ]; then
    run startup env STARTS=3 LOAD_SECONDS=60 NATIVE="$NATIVE_BIN" bench/startup.sh
    run startup-trust env AUTH=trust MODES=native STARTS=3 LOAD_SECONDS=1 NATIVE="$NATIVE_BIN" bench/startup.sh
else
    run startup env STARTS=3 LOAD_SECONDS=60 MODES=jvm bench/startup.sh
fi
# PoolGuard's native start beside Quarkus' with no code, when bench/baseline-start.sh has built the baselines (once,
# about 8 minutes: too long for this run)
BASELINES=target/baseline-start
if [ -n "$NATIVE_BIN" ] && [ -x "$BASELINES/extensions" ] && [ -x "$BASELINES/quarkus-rest" ]; then
    run baseline env STARTS=7 NATIVE="$NATIVE_BIN" bench/baseline-start.sh
fi
run readiness env DURATION=15s WARMUP=5s bench/readiness.sh
run monitor bench/monitor-probe-load.sh 8 2
run scrape bench/metrics-scrape.sh 8 2

# figure <log> <awk program>: prints what the program extracts, or "-"
figure() { local v; v=$(awk "$2" "$OUT/$1.log" 2>/dev/null); echo "${v:--}"; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
median_of() { figure "$1" "/^$2: start->ready/ { for (i = 1; i <= NF; i++) if (\$i == \"(median\") { v = \$(i + 1); sub(/,/, \"\", v); print v } }"; }
PGB='env DURATION=15 ROUNDS=2 WARMUP=8 bench/stability-vs-pgbench.sh'
STU='env STARTS=3 LOAD_SECONDS=60 bench/startup.sh'

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row "figure" "measured (this run)" "goal" "command"
row "---" "---" "---" "---"
row "pooled burst 10 / pgbench -M prepared -c 10 -j 2 (SCRAM)" "$(figure pgbench '/^pooled ratio/ {print $6}' | tr -d ';')" ">= 0.95" "\`$PGB\`"
row "client CPU per op: PoolGuard / pgbench (us)" "$(figure pgbench '/^pooled ratio/ {print $12 " / " $15}')" "-" "same run"
row "client CPU per op in user space (the client's own code): PoolGuard / bare JDBC client / pgbench (us)" "$(figure pgbench '/^pooled ratio/ {p = $12 * (100 - $23) / 100; g = $15 * (100 - $26) / 100} /^pooled floor socketTimeout=60 / {for (i = 2; i <= NF; i++) if ($(i - 1) == "floor" && $(i + 1) == "us;") f = $i * (100 - $(NF - 1)) / 100} END {if (p != "") printf "%.1f / %.1f / %.1f\n", p, f, g}')" "-" "same run"
row "bare JDBC client (bench/JdbcFloor.java) / pgbench, socketTimeout 60 / 0" "$(figure pgbench '/^pooled floor socketTimeout=60 / {a = $8} /^pooled floor socketTimeout=0 / {b = $8} END {print a " / " b}' | tr -d ';')" "-" "same run"
row "PoolGuard / bare JDBC client (socketTimeout 60)" "$(figure pgbench '/^pooled floor socketTimeout=60 / {for (i = 3; i <= NF; i++) if ($(i - 2) == "PoolGuard" && $i == "floor") {v = $(i + 1); sub(/;/, "", v); print v}}')" "-" "same run"
row "fresh burst 10 / pgbench -C" "$(figure pgbench '/^fresh ratio/ {print $6}' | tr -d ';')" ">= 0.9" "same run"
row "first run after start / pgbench (300k ops, trust)" "$(figure cold '/^cold ratio/ {print $6}')" ">= 0.8" "\`env COUNT=300000 bench/cold-run.sh\`"
row "bare JDBC client's first seconds in a fresh JVM / pgbench" "$(figure cold '/^bare JDBC client/ {for (i = 1; i <= NF; i++) if ($i == "pgbench):") {v = $(i + 1); sub(/;/, "", v); print v}}')" "-" "same run"
if [ -n "$NATIVE_BIN" ]; then
    row "native executable's first run after start / pgbench (no JIT)" "$(figure cold '/native cold ratio/ {print $NF}')" "-" "same run"
fi
row "JVM start -> ready (ms, median of 3, SCRAM)" "$(median_of startup jvm)" "-" "\`$STU\`"
if [ -n "$NATIVE_BIN" ]; then
    row "native start -> ready (ms, median of 3, SCRAM)" "$(median_of startup native)" "<= 50" "same run"
    row "native start -> ready (ms, median of 3, trust)" "$(median_of startup-trust native)" "<= 50" "\`env AUTH=trust MODES=native bench/startup.sh\`"
    if [ -f "$OUT/baseline.log" ]; then
        row "native start -> ready, PoolGuard / no code on its extensions / no code on quarkus-rest (ms, median of 7, SCRAM)" "$(figure baseline '/^start -> ready medians/ {print $7 " / " $9 " / " $11}')" "-" "\`bench/baseline-start.sh\`"
    else
        row "native start -> ready beside Quarkus with no code" "baselines not built: bench/baseline-start.sh" "-" "\`bench/baseline-start.sh\`"
    fi
    row "native RSS after 60 s of probes (MiB)" "$(figure startup '/^RSS after load/ {print $6}')" "<= 64" "\`$STU\`"
    row "native / JVM readiness req/s under load" "$(figure startup '/^readiness req\/s/ {print $6 " / " $5 " = " $7}')" "-" "same run"
else
    row "native start -> ready (ms)" "no native executable in target/" "<= 50" "\`$STU\`"
fi
row "JVM RSS after 60 s of probes (MiB, Dockerfile flags)" "$(figure startup '/^jvm: / {for (i = 1; i <= NF; i++) if ($i == "->") print $(i + 1)}')" "<= 256" "\`$STU\`"
row "readiness / liveness req/s (50 in flight)" "$(figure readiness '/^ratio readiness/ {print $3}')" ">= 0.8" "\`env DURATION=15s WARMUP=5s bench/readiness.sh\`"
row "readiness p99 (ms)" "$(figure readiness '/^readiness / {print $4}')" "< 10" "same run"
row "readiness throughput, monitor at 1 s / off" "$(figure monitor '/^ratio 1s\/off/ {print $5}')" "~ 1.0" "\`bench/monitor-probe-load.sh 8 2\`"
row "service CPU per scrape, with / without PoolGuard meters (us)" "$(figure scrape '/^service CPU per scrape/ {print $6 " / " $9}')" "-" "\`bench/metrics-scrape.sh 8 2\`"
echo
echo "Soak (10 minutes, not part of this run): bench/soak.sh"
[ -f "$OUT/baseline.log" ] || echo "Native start baselines (built once, about 8 minutes): bench/baseline-start.sh"
