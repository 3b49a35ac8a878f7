#!/usr/bin/env bash
# PoolGuard's native start beside Quarkus' own: start -> ready of PoolGuard's native executable, and start -> first
# 200 of two applications with no code but one GET endpoint (bench/baseline-app), one on PoolGuard's Quarkus and
# extensions, one on quarkus-rest alone, all started in turn (STARTS rounds) against one PostgreSQL. The baselines
# show what Quarkus' boot takes on this machine and toolchain, so what is left is PoolGuard's.
#
# Needs PoolGuard's native executable in target/ (./mvnw package -Dnative) and whatever built it: the baselines are
# built the same way (GRAALVM_HOME or native-image on PATH; MVN_ARGS adds options, e.g.
# -Dquarkus.native.container-build=true), about 4 minutes each on 2 cores, once: they are kept in
# target/baseline-start/ (REBUILD=1 builds them again). all.sh runs it, and adds its row, only once they are built.
# Knobs: STARTS (7), AUTH (scram or trust: PoolGuard's readiness validates on a connection of its own; the
# baselines touch no database), NATIVE_OPTS (-Xmx40m, the image's flag, for all three).
set -euo pipefail
cd "$(dirname "$0")/.."

STARTS="${STARTS:-7}"
AUTH="${AUTH:-scram}"
NATIVE_OPTS="${NATIVE_OPTS:--Xmx40m}"
MVN_ARGS="${MVN_ARGS:-}"
if [ -z "${NATIVE:-}" ]; then for f in target/*-runner; do [ -x "$f" ] && NATIVE="$f"; done; fi
[ -n "${NATIVE:-}" ] && [ -x "$NATIVE" ] || { echo "no native executable in target/: ./mvnw package -Dnative" >&2; exit 1; }

. bench/lib.sh

OUT=target/baseline-start
mkdir -p "$OUT"
build() { # name, extra maven args: the baseline app's native executable as $OUT/name
    local name=$1; shift
    if [ -x "$OUT/$name" ] && [ -z "${REBUILD:-}" ]; then return 0; fi
    echo "building the $name baseline (log: $OUT/$name-build.log)" >&2
    # shellcheck disable=SC2086
    ./mvnw -B -q -f bench/baseline-app/pom.xml clean package -DskipTests "$@" $MVN_ARGS >"$OUT/$name-build.log" 2>&1 \
        || { echo "the $name baseline did not build: see $OUT/$name-build.log" >&2; exit 1; }
    cp bench/baseline-app/target/baseline-app-1-runner "$OUT/$name"
    rm -rf bench/baseline-app/target
}
build quarkus-rest
build extensions -Dfull
# the executables find the JDK libraries the stand-in toolchain links (if that built them) beside themselves
for f in "$(dirname "$NATIVE")"/*.so; do [ -e "$f" ] && cp -n "$f" "$OUT/"; done

start_work

PG_PORT="$(free_port)"
start_pg "$WORK/pgd" "$PG_PORT" "$AUTH" max_connections=100
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD"
mkdir -p "$WORK/probe"
javac -d "$WORK/probe" bench/StartupProbe.java

declare -A READY STARTED
start() { # name, path, command...: one start, its start -> ready and Quarkus' "started in" (ms) appended
  local name=$1 path=$2; shift 2
  local port line ready pid started
  port="$(free_port)"
  # shellcheck disable=SC2086
  line="$(POOLGUARD_HTTP_PORT="$port" java -cp "$WORK/probe" StartupProbe "$port" "$path" "$WORK/$name.log" "$@" \
      $NATIVE_OPTS -Dquarkus.http.port="$port")"
  read -r ready pid <<< "$line"
  PIDS+=("$pid")
  for _ in $(seq 100); do grep -q 'started in' "$WORK/$name.log" && break; sleep 0.02; done
  started="$(grep -o 'started in [0-9.]*s' "$WORK/$name.log" | tail -n1 | awk '{printf "%.0f", $3 * 1000}')"
  kill "$pid"; wait_gone "$pid"
  READY[$name]="${READY[$name]:-} $ready"; STARTED[$name]="${STARTED[$name]:-} ${started:-0}"
}

echo "PostgreSQL $("$PGBIN_DIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($AUTH); $(nproc) cores;" \
  "$STARTS rounds; $NATIVE_OPTS" >&2
for _ in $(seq "$STARTS"); do
  start poolguard /api/v1/hc/health/ready "$NATIVE"
  start extensions /hello "$OUT/extensions"
  start quarkus-rest /hello "$OUT/quarkus-rest"
done

printf '\n%-44s %18s %22s\n' "native executable (median of $STARTS)" "start -> ready ms" "Quarkus 'started in' ms"
row() { printf '%-44s %18s %22s\n' "$1" "$(median ${READY[$2]})" "$(median ${STARTED[$2]})"; }
row "PoolGuard (ready: a real validation)" poolguard
row "no code, PoolGuard's extensions (/hello)" extensions
row "no code, quarkus-rest only (/hello)" quarkus-rest
awk -v p="$(median ${READY[poolguard]})" -v e="$(median ${READY[extensions]})" -v r="$(median ${READY[quarkus-rest]})" \
  'BEGIN { printf "\nPoolGuard - extensions baseline: %+.1f ms; extensions - quarkus-rest baseline: %+.1f ms\n", p - e, e - r
           printf "start -> ready medians (ms): poolguard %s extensions %s quarkus-rest %s\n", p, e, r }'
for n in poolguard extensions quarkus-rest; do echo "$n: start -> ready${READY[$n]} ms; started in${STARTED[$n]} ms" >&2; done
