#!/usr/bin/env bash
# Startup and memory of the packaged JVM application against the native executable, in one run, against the same
# PostgreSQL:
#   - start -> ready: from process start to the first HTTP 200 on the readiness path (median of STARTS starts),
#     and the CPU time the process used until then (on a shared machine, wall time also measures the neighbours);
#   - RSS right after that first 200, and after LOAD_SECONDS of probe load on the readiness path (wrk);
# then a table with the native/JVM ratios and the targets (native start->ready <= 50 ms, native RSS after load
# <= 64 MiB, JVM RSS after load <= 256 MiB).
#
# Build both first (see the README's "Native image" section):
#   ./mvnw -B package -DskipTests                       # target/quarkus-app/quarkus-run.jar
#   ./mvnw -B package -DskipTests -Dnative              # target/poolguard-*-runner (needs GRAALVM_HOME)
# then: bench/startup.sh
#
# Knobs (environment): MODES ("jvm native"; one of them while iterating), AUTH (scram, as in production, or trust),
# READY_PATH (default /api/v1/hc/health/ready), LOAD_SECONDS (60), LOAD_CONNECTIONS (4), STARTS (3), JAVA (java),
# JVM_OPTS and NATIVE_OPTS (the memory flags the Dockerfiles use), PG_BIN (see bench/lib.sh).
# Needs: wrk (apt-get install -y wrk), a JDK 17+ for the jar and for bench/StartupProbe.java. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

READY_PATH="${READY_PATH:-/api/v1/hc/health/ready}"
LOAD_SECONDS="${LOAD_SECONDS:-60}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-4}"
AUTH="${AUTH:-scram}"
STARTS="${STARTS:-3}"
JAVA="${JAVA:-java}"
# Kept in step with src/main/docker/Dockerfile.jvm (JAVA_OPTS_APPEND) and Dockerfile.native-micro.
JVM_OPTS="${JVM_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxDirectMemorySize=32m}"
NATIVE_OPTS="${NATIVE_OPTS:--Xmx40m}"
JAR="${JAR:-target/quarkus-app/quarkus-run.jar}"
if [ -z "${NATIVE:-}" ]; then for f in target/*-runner; do [ -x "$f" ] && NATIVE="$f"; done; fi
NATIVE="${NATIVE:-}"

MODES="${MODES:-jvm native}"
if [[ " $MODES " == *" jvm "* ]] && [ ! -f "$JAR" ]; then echo "no $JAR: ./mvnw -B package -DskipTests" >&2; exit 1; fi
if [[ " $MODES " == *" native "* ]] && { [ -z "$NATIVE" ] || [ ! -x "$NATIVE" ]; }; then
  echo "no native executable in target/: ./mvnw -B package -DskipTests -Dnative" >&2; exit 1
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

. bench/lib.sh

start_work
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }

# One PostgreSQL for both (bench/lib.sh), password authentication as in production unless AUTH=trust.
PG_PORT="$(free_port)"
start_pg "$WORK/pgd" "$PG_PORT" "$AUTH" max_connections=100
PG_BIN=$PGBIN_DIR
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD"

# Compiles the probe once, outside the measurements.
mkdir -p "$WORK/probe"
javac_bin="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac"
"$javac_bin" -d "$WORK/probe" bench/StartupProbe.java

declare -A READY CPU RSS_START RSS_LOAD RPS
measure() { # name, command...
  local name="$1"; shift
  local times=() cpus=() pid="" line port ready
  for i in $(seq "$STARTS"); do
    [ -n "$pid" ] && { kill "$pid"; wait_gone "$pid"; }
    port="$(free_port)"
    line="$(POOLGUARD_HTTP_PORT="$port" "$JAVA" -cp "$WORK/probe" StartupProbe "$port" "$READY_PATH" "$WORK/$name.log" "$@")"
    read -r ready pid <<< "$line"
    times+=("$ready"); cpus+=("$(cpu_ms "$pid")"); PIDS+=("$pid")
  done
  READY[$name]="$(median "${times[@]}")"; CPU[$name]="$(median "${cpus[@]}")"
  sleep 1; RSS_START[$name]="$(rss_mib "$pid")"
  RPS[$name]="$(wrk -t1 -c"$LOAD_CONNECTIONS" -d"${LOAD_SECONDS}s" "http://127.0.0.1:$port$READY_PATH" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')"
  RSS_LOAD[$name]="$(rss_mib "$pid")"
  echo "$name: start->ready ${times[*]} ms (median ${READY[$name]}, $AUTH), CPU ${cpus[*]} ms ($(grep -o 'started in [0-9.]*s' "$WORK/$name.log" | tail -n1 | sed 's/started in/Quarkus: started in/'));" \
    "RSS ${RSS_START[$name]} -> ${RSS_LOAD[$name]} MiB; ${RPS[$name]} req/s" >&2
  kill "$pid"; wait_gone "$pid"
}

echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($AUTH); $(nproc) cores;" \
  "readiness path $READY_PATH; load: wrk $LOAD_CONNECTIONS connections for ${LOAD_SECONDS}s" >&2
for mode in $MODES; do
  # shellcheck disable=SC2086 # the option lists are meant to split
  case "$mode" in
    jvm) measure jvm "$JAVA" $JVM_OPTS -jar "$JAR" ;;
    native) measure native "$NATIVE" $NATIVE_OPTS ;;
  esac
done
[ "$MODES" = "jvm native" ] || exit 0

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "MISSED" }'; }
printf '\n%-26s %10s %10s %12s   %s\n' "" "JVM" "native" "native/JVM" "target"
printf '%-26s %10s %10s %12s   %s\n' "start -> ready (ms)" "${READY[jvm]}" "${READY[native]}" \
  "$(ratio "${READY[native]}" "${READY[jvm]}")" "native <= 50: $(verdict "${READY[native]}" 50)"
printf '%-26s %10s %10s %12s\n' "CPU until ready (ms)" "${CPU[jvm]}" "${CPU[native]}" \
  "$(ratio "${CPU[native]}" "${CPU[jvm]}")"
printf '%-26s %10s %10s %12s\n' "RSS after start (MiB)" "${RSS_START[jvm]}" "${RSS_START[native]}" \
  "$(ratio "${RSS_START[native]}" "${RSS_START[jvm]}")"
printf '%-26s %10s %10s %12s   %s\n' "RSS after load (MiB)" "${RSS_LOAD[jvm]}" "${RSS_LOAD[native]}" \
  "$(ratio "${RSS_LOAD[native]}" "${RSS_LOAD[jvm]}")" \
  "native <= 64: $(verdict "${RSS_LOAD[native]}" 64), JVM <= 256: $(verdict "${RSS_LOAD[jvm]}" 256)"
printf '%-26s %10s %10s %12s\n' "readiness req/s under load" "${RPS[jvm]}" "${RPS[native]}" \
  "$(ratio "${RPS[native]}" "${RPS[jvm]}")"
printf '\nJVM: %s %s\nnative: %s %s\n' "$JAVA" "$JVM_OPTS" "$NATIVE" "$NATIVE_OPTS"
