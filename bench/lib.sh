# Shared by the bench scripts (source it): one way to find PostgreSQL, start a throwaway cluster, start the
# packaged application and read a process's CPU and memory. Loopback only; every script stops what it started.
#
# PostgreSQL binaries: PG_BIN if set (a directory with initdb, pg_ctl and postgres), else Debian's newest
# /usr/lib/postgresql/*/bin (apt-get install -y postgresql), else the embedded binaries the tests extracted under
# /tmp. Debian's package also brings pgbench and psql, which the pgbench comparison needs.

pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        [ -x "$PG_BIN/pg_ctl" ] || { echo "PG_BIN=$PG_BIN has no pg_ctl" >&2; return 1; }
        echo "$PG_BIN"; return 0
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) $(ls -d /tmp/poolguard-pg-bin/*/bin 2>/dev/null); do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    echo "no PostgreSQL binaries: apt-get install -y postgresql, or set PG_BIN" >&2
    return 1
}

# PostgreSQL refuses to run as root: run it as nobody then.
as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_pg DIR PORT AUTH [postgres -c options...]: a throwaway cluster in DIR/data on 127.0.0.1:PORT, its socket in
# DIR. AUTH is trust or scram (then the superuser `postgres` has the password in $PG_PASSWORD, made up here).
# Exports PGBIN_DIR (the binaries used) and PG_PASSWORD.
start_pg() {
    local dir=$1 port=$2 auth=$3; shift 3
    PGBIN_DIR=$(pg_bin) || return 1
    PG_PASSWORD=bench-pw-$RANDOM$RANDOM
    mkdir -p "$dir/data" && chmod 700 "$dir/data" && chmod 755 "$dir"
    echo "$PG_PASSWORD" > "$dir/pwfile"
    [ "$(id -u)" = 0 ] && chown nobody:nogroup "$dir" "$dir/data" "$dir/pwfile"
    local host_auth=trust
    [ "$auth" = scram ] && host_auth=scram-sha-256
    as_pg "$PGBIN_DIR/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust \
        --auth-host="$host_auth" -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    local opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off"
    opts="$opts -c synchronous_commit=off"
    local o
    for o in "$@"; do opts="$opts -c $o"; done
    as_pg "$PGBIN_DIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "$opts" start >/dev/null
    export PGBIN_DIR PG_PASSWORD
}

# stop_pg DIR [mode]: stops the cluster start_pg made (fast by default).
stop_pg() { as_pg "$PGBIN_DIR/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true; }

# restart_pg DIR: a fast restart with the options it was started with (pg_ctl keeps them in postmaster.opts).
restart_pg() { as_pg "$PGBIN_DIR/pg_ctl" -D "$1/data" -l "$1/server.log" -m fast -w -t 120 restart >/dev/null; }

# psql_pg DIR PORT SQL...: runs statements as the superuser over the cluster's socket.
psql_pg() {
    local dir=$1 port=$2; shift 2
    local args=() s
    for s in "$@"; do args+=(-c "$s"); done
    as_pg "$PGBIN_DIR/psql" -q -X -h "$dir" -p "$port" -U postgres -d postgres "${args[@]}"
}

# The packaged JVM application; built when missing.
app_jar() {
    [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests >&2
    echo target/quarkus-app/quarkus-run.jar
}

# wait_http URL PID [tries]: until URL answers 2xx (every 0.2 s), or PID dies.
wait_http() {
    local url=$1 pid=$2 tries=${3:-600} i
    for i in $(seq 1 "$tries"); do
        curl -fs -o /dev/null "$url" && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

# wait_gone PID: SIGTERM was sent; wait up to 10 s, then SIGKILL.
wait_gone() { local i; for i in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }

# user + system CPU of a process so far, in clock ticks; its system (kernel) part alone; and the ticks per second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }
clk_tck() { getconf CLK_TCK; }
rss_mib() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }
fds_of() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# start_work: a throwaway directory in WORK for start_pg's cluster and the probes' logs. On exit, the processes
# whose pids are in PIDS are stopped, then the cluster, and the directory is removed.
start_work() {
    WORK="$(mktemp -d /tmp/poolguard-bench-XXXXXX)"; chmod 755 "$WORK"
    PIDS=()
    trap stop_work EXIT
}
stop_work() {
    local p
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    stop_pg "$WORK/pgd"
    rm -rf "$WORK"
}

# jdbc_floor URL USER PASSWORD THREADS WARMUP_SECONDS SECONDS SOCKET_TIMEOUT: the bare JDBC client
# (bench/JdbcFloor.java) in a fresh JVM with the built jar's pgjdbc; prints "<ops/s> <CPU microseconds per op>
# <system time's share of that CPU, %>".
jdbc_floor() {
    local driver
    driver=$(ls "$(dirname "$(app_jar)")"/lib/main/org.postgresql.postgresql-*.jar | head -1)
    java -Xmx256m -cp "$driver" bench/JdbcFloor.java "$@"
}
