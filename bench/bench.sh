#!/usr/bin/env bash
# bench.sh - Overlap's echo servers side by side with the peers (./overlap bench).
#
#   ./overlap bench [--quick] [options] [rr100|rr1000|tput|hold ...]
#   ./overlap bench jmh [--quick] [JMH options]
#   ./overlap bench profile [options] [scenario]   one JFR-profiled run (default: overlap-nio, rr100, 10 s)
#
# Scenarios (default: rr100 rr1000 tput; hold only when named)
#   rr100   100 connections x 64 B, depth 1 (request/response)
#   rr1000  1000 connections x 64 B, depth 1
#   tput    10 connections x 16 KiB, depth 4 (throughput)
#   hold    N idle connections, each verified by one 16 B echo, held --duration seconds;
#           reports server RSS per connection
#
# Options
#   --quick          1 repetition, 3 s runs after 1 s warmup (about 90 s for the default set)
#   --reps N         repetitions, interleaved: for rep, for scenario, for server (default 3)
#   --duration S     measured seconds per run, hold time for hold (default 7)
#   --warmup S       warmup seconds before measuring (default 2)
#   --servers LIST   comma-separated (default overlap-nio,overlap-nio-queue4,jdk-nio2,jdk-selector,
#                    netty-nio,netty-epoll,netty-iouring, and overlap-uring,overlap-uring-queue4
#                    where io_uring runs; overlap-nio-queue4 is queue mode with 4 worker threads
#                    taking completions and submitting the next operation);
#                    an entry LABEL=NAME@CLASSES runs server NAME with CLASSES (a class folder or jar)
#                    ahead of the bench jar and reports it as LABEL: before/after runs of a changed
#                    backend without installing it, e.g. overlap-nio,after=overlap-nio@backend-nio/target/classes;
#                    a "+OPT" tail (repeatable) adds JVM options for that server alone, e.g.
#                    iocp=overlap-winsock+-Dio.overlap.winsock.notify=iocp
#   --wine           the Windows JVM under Wine (provisioned by scripts/wine-java.sh) runs the
#                    servers: the winsock backend on each notification model (event, routine,
#                    iocp) beside that JVM's own NIO.2, Selector loop and Netty NIO (default
#                    --ref winsock-iocp); the C load client stays on Linux
#   --threads N      I/O threads of every server (default 1; JDK NIO.2 keeps its default group)
#   --buf BYTES      read buffer of every server (default 65536 for tput, 16384 otherwise;
#                    Netty sizes its own adaptively, up to 64 KiB)
#   --conns N        hold: connections (default min(19744, fd hard limit - 256))
#   --client c|java  force the load client (default: C loadgen from ../shared/bench if it builds)
#   --no-pin         do not pin server and client to different CPUs
#   --out DIR        results directory (default bench/target/bench-results)
#   --jvm-opts 'X'   extra JVM options for the Java servers (also: BENCH_JVM_OPTS)
#   --server-java J  the java that runs the servers (default: JAVA, JAVA_HOME or java), e.g. the
#                    Windows JVM under Wine: --server-java "$(scripts/wine-java.sh | tail -1)"
#   --ref NAME       the server the ratios are about (default overlap-nio)
#
# Every run starts a fresh server process in its own session and stops only that process
# group (TERM, then KILL after 5 s). Results: one CSV row per run, a .meta file with the
# machine, and the report (Markdown) printed and saved next to them.
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
SHARED_BENCH=${OVERLAP_SHARED_BENCH:-$(dirname "$REPO")/shared/bench}
JAR=$BENCH_DIR/target/overlap-bench.jar
JAVA_BIN=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
JAVA_BIN=${JAVA_BIN:-java}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/overlap-bench

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }
usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit "${1:-2}"; }

# ---------------------------------------------------------------- build
jar_is_stale() {
    [ -f "$JAR" ] || return 0
    [ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ] && return 0
    # the fat jar holds the api, the backends and the examples' command-line parser as installed
    # in the local repository
    local m2=${MAVEN_REPO:-$HOME/.m2/repository}/io/overlap
    [ -n "$(find "$m2/overlap-api" "$m2/overlap-backend-nio" "$m2/overlap-backend-winsock" "$m2/overlap-examples" -name '*.jar' -newer "$JAR" -print -quit 2>/dev/null)" ]
}

ensure_jar() {
    jar_is_stale || return 0
    local m2=${MAVEN_REPO:-$HOME/.m2/repository}/io/overlap
    if [ -z "$(find "$m2/overlap-api" -name '*.jar' 2>/dev/null | head -1)" ] \
        || [ -z "$(find "$m2/overlap-backend-nio" -name '*.jar' 2>/dev/null | head -1)" ] \
        || [ -z "$(find "$m2/overlap-examples" -name '*.jar' 2>/dev/null | head -1)" ]; then
        # a fresh clone: the modules the benchmarks need are not installed yet
        say "building the bench module and the modules it needs (mvn -q -DskipTests -pl bench -am install)"
        (cd "$REPO" && mvn -B -ntp -q -DskipTests -pl bench -am install) >&2 \
            || die "the build failed; see the Maven output above"
    else
        say "building $JAR (mvn -q -pl bench package -DskipTests)"
        # offline first (the usual case); online once if a dependency is not downloaded yet
        (cd "$REPO" && { mvn -o -q -pl bench package -DskipTests || mvn -B -ntp -q -pl bench package -DskipTests; }) >&2 \
            || die "could not build the bench module; see the Maven output above"
    fi
    [ -f "$JAR" ] || die "the build did not produce $JAR"
}

# ---------------------------------------------------------------- jmh
if [ "${1:-}" = jmh ]; then
    shift
    ensure_jar
    quick=0
    args=()
    for a in "$@"; do
        if [ "$a" = --quick ]; then quick=1; else args+=("$a"); fi
    done
    out=$BENCH_DIR/target/bench-results
    mkdir -p "$out"
    ts=$(date -u +%Y%m%dT%H%M%SZ)
    if [ ${#args[@]} -eq 0 ]; then
        args=(-prof gc -rf csv -rff "$out/jmh-$ts.csv")
        [ $quick = 1 ] && args+=(-wi 1 -i 2 -w 1s -r 1s)
    fi
    say "JMH: ${args[*]}   (machine: $(nproc) CPUs; load:$(uptime | sed 's/.*load average://'))"
    # shellcheck disable=SC2086
    exec "$JAVA_BIN" ${BENCH_JVM_OPTS:-} -jar "$JAR" jmh "${args[@]}"
fi

# ---------------------------------------------------------------- options
SERVER_JAVA=${BENCH_SERVER_JAVA:-}
profile=0
if [ "${1:-}" = profile ]; then profile=1; shift; fi
quick=0; reps=3; duration=7; warmup=2; threads=1; buf=""; hold_n=""; client_pref=""
pin=1; out=$BENCH_DIR/target/bench-results; jvm_opts=${BENCH_JVM_OPTS:-}; ref=overlap-nio
default_servers="overlap-nio,overlap-nio-queue4,jdk-nio2,jdk-selector,netty-nio,netty-epoll,netty-iouring"
servers=$default_servers
scenarios=()
reps_set=0; duration_set=0; warmup_set=0; wine=0; ref_set=0
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1 ;;
    --reps) reps=${2:?}; reps_set=1; shift ;;
    --duration) duration=${2:?}; duration_set=1; shift ;;
    --warmup) warmup=${2:?}; warmup_set=1; shift ;;
    --servers) servers=${2:?}; shift ;;
    --threads) threads=${2:?}; shift ;;
    --buf) buf=${2:?}; shift ;;
    --conns) hold_n=${2:?}; shift ;;
    --client) client_pref=${2:?}; shift ;;
    --no-pin) pin=0 ;;
    --out) out=${2:?}; shift ;;
    --jvm-opts) jvm_opts=${2?}; shift ;;
    --ref) ref=${2:?}; ref_set=1; shift ;;
    --server-java) SERVER_JAVA=${2:?}; shift ;;
    --wine) wine=1 ;;
    -h|--help) usage 0 ;;
    rr100|rr1000|tput|hold) scenarios+=("$1") ;;
    *) say "unknown argument: $1"; usage ;;
    esac
    shift
done
if [ $wine = 1 ]; then
    [ -n "$SERVER_JAVA" ] || SERVER_JAVA=$(bash "$REPO/scripts/wine-java.sh" | tail -n 1) || die "could not provision the Windows JVM under Wine"
    if [ "$servers" = "$default_servers" ]; then
        servers=""
        for model in event routine iocp; do
            servers+="winsock-$model=overlap-winsock+-Dio.overlap.winsock.notify=$model,"
        done
        servers+="jdk-nio2,jdk-selector,netty-nio"
    fi
    [ $ref_set = 1 ] || ref=winsock-iocp
elif [ "$servers" = "$default_servers" ] && [ $profile = 0 ]; then
    # where io_uring runs (auto picks it), its handler and queue-mode servers join the same
    # interleaved run, so the report holds every backend's targets from one run
    if uring_state=$(bash "$REPO/scripts/backend-check.sh" uring 2>/dev/null); then
        servers+=",overlap-uring,overlap-uring-queue4"
    else
        say "no uring servers: ${uring_state:-the check did not run}"
    fi
fi
SERVER_JAVA=${SERVER_JAVA:-$JAVA_BIN}
if [ $quick = 1 ]; then
    [ $reps_set = 1 ] || reps=1
    [ $duration_set = 1 ] || duration=3
    [ $warmup_set = 1 ] || warmup=1
fi
[ ${#scenarios[@]} -gt 0 ] || scenarios=(rr100 rr1000 tput)
if [ $profile = 1 ]; then
    # one run per named server and scenario, recorded by JFR
    [ "$servers" = "$default_servers" ] && servers=overlap-nio
    [ $reps_set = 1 ] || reps=1
    [ $duration_set = 1 ] || duration=10
    [ "${scenarios[*]}" = "rr100 rr1000 tput" ] && scenarios=(rr100)
fi
IFS=, read -ra server_list <<<"$servers"
for n in "$reps" "$threads" ${buf:+"$buf"}; do [[ $n =~ ^[0-9]+$ ]] || die "not a whole number: $n"; done
for n in "$duration" "$warmup"; do [[ $n =~ ^[0-9]+([.][0-9]+)?$ ]] || die "not a number of seconds: $n"; done

# ---- fd limit: as high as the hard limit allows (inherited by servers and clients)
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=1048576
ulimit -n "$hard" 2>/dev/null || true
if [ -z "$hold_n" ]; then
    hold_n=$((hard - 256)); [ "$hold_n" -gt 19744 ] && hold_n=19744
fi

ensure_jar

# ---------------------------------------------------------------- the client
client=""; client_cmd=(); client_note=""
build_c_loadgen() { # sets lg to a built loadgen, or client_note to why not
    local src=$SHARED_BENCH/loadgen.c sum
    [ -f "$src" ] || { client_note="no neutral C loadgen: $src is not there"; return 1; }
    command -v gcc >/dev/null || { client_note="no neutral C loadgen: gcc is not installed"; return 1; }
    sum=$(sha256sum "$src" | cut -c1-16)
    lg=$CACHE/loadgen-$sum
    if [ ! -x "$lg" ]; then
        mkdir -p "$CACHE"
        if ! gcc -O2 -Wall -o "$lg.tmp" "$src" 2>"$CACHE/loadgen-$sum.log"; then
            client_note="no neutral C loadgen: gcc failed (see $CACHE/loadgen-$sum.log)"
            return 1
        fi
        mv "$lg.tmp" "$lg"
    fi
}
lg=""
if [ "$client_pref" != java ] && build_c_loadgen; then
    client=c
    client_cmd=("$lg")
    client_note="neutral C loadgen built from $SHARED_BENCH/loadgen.c (cached at $lg)"
elif [ "$client_pref" = c ]; then
    die "--client c asked for, but ${client_note:-the C loadgen is not available}"
else
    client=java
    client_cmd=("$JAVA_BIN" -XX:+UseSerialGC -jar "$JAR" loadgen)
    client_note="the project's own Java load client (overlap-bench.jar loadgen: one JDK Selector thread, content-checked)${client_note:+; $client_note}"
fi
client_startup=0; [ $client = java ] && client_startup=1 # for the time estimate

# ---------------------------------------------------------------- pinning
cpus=$(nproc)
if [ $pin = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
    srv_pin=(taskset -c 1); cl_pin=(taskset -c 0); pin_note="server on CPU 1, client on CPU 0"
else
    srv_pin=(); cl_pin=(); pin=0; pin_note="not pinned"
fi

# ---------------------------------------------------------------- helpers
clk=$(getconf CLK_TCK)
in_use() { # port -> 0 if any local tcp socket uses it
    local hex; hex=$(printf '%04X' "$1")
    awk -v h=":$hex" 'NR>1 && substr($2, length($2)-4) == h {f=1} END {exit !f}' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 12000))
        in_use "$p" || { echo "$p"; return 0; }
    done
    return 1
}
session_pids() { # pids in session $1 (the server and anything it forked)
    local s=$1 f rest
    for f in /proc/[0-9]*/stat; do
        { read -r rest <"$f"; } 2>/dev/null || continue
        rest=${rest##*) }
        # shellcheck disable=SC2086
        set -- $rest
        [ "${4:-}" = "$s" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
}
server_ticks() { # utime+stime of the server session, in clock ticks
    local t=0 p rest
    for p in $(session_pids "$spid"); do
        { read -r rest <"/proc/$p/stat"; } 2>/dev/null || continue
        rest=${rest##*) }
        # shellcheck disable=SC2086
        set -- $rest
        t=$((t + ${12} + ${13}))
    done
    echo $t
}
server_status_sum() { # the sum of one /proc/PID/status field over the server session, e.g. VmRSS (kB)
    local t=0 p v
    for p in $(session_pids "$spid"); do
        v=$(awk -v k="$1:" '$1 == k {print $2}' "/proc/$p/status" 2>/dev/null)
        t=$((t + ${v:-0}))
    done
    echo $t
}
server_rss_kb() { server_status_sum VmRSS; }
# OS threads of the server session (under Wine: the JVM's threads are the process's)
server_threads() { server_status_sum Threads; }
busy_ticks() { # all CPUs, busy = total - idle - iowait
    awk '/^cpu / {b = 0; for (i = 2; i <= NF; i++) b += $i; print b - $5 - $6; exit}' /proc/stat
}
now_s() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }

spid=""; cpid=""
stop_server() {
    [ -n "$spid" ] || return 0
    if kill -0 "$spid" 2>/dev/null; then
        kill -TERM -- "-$spid" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$spid" 2>/dev/null && kill -KILL -- "-$spid" 2>/dev/null
    fi
    wait "$spid" 2>/dev/null
    local left; left=$(session_pids "$spid")
    # shellcheck disable=SC2086
    [ -n "$left" ] && kill -KILL $left 2>/dev/null
    spid=""
}
stop_client() {
    [ -n "$cpid" ] || return 0
    kill -TERM "$cpid" 2>/dev/null
    wait "$cpid" 2>/dev/null
    cpid=""
}
cleanup() { stop_client; stop_server; }
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

wait_client() { # wait for the client up to $1 seconds; kill it after that
    local limit=$1 t0
    t0=$(date +%s)
    while kill -0 "$cpid" 2>/dev/null; do
        if [ $(( $(date +%s) - t0 )) -ge "$limit" ]; then
            say "client exceeded ${limit}s: stopping it"
            kill -KILL "$cpid" 2>/dev/null
            break
        fi
        sleep 0.05
    done
    wait "$cpid" 2>/dev/null
    cpid=""
}
field() { # key, RESULT line -> value
    local kv
    for kv in $2; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done
    echo ""
}
calc() { awk "BEGIN {v = $1; if (v != v) print \"\"; else printf \"%.${2:-2}f\", v}"; }

# ---------------------------------------------------------------- profiling
jfc=""
if [ $profile = 1 ]; then
    # JDK's "profile" settings with denser sampling (2 ms instead of 10/20 ms): a 10 s run then
    # gives thousands of samples of the loop thread
    java_home=$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ {print $2; exit}')
    mkdir -p "$out"
    jfc=$out/profile-2ms.jfc
    if [ -f "$java_home/lib/jfr/profile.jfc" ]; then
        sed -e 's/control="method-sampling-java-interval">[^<]*</control="method-sampling-java-interval">2 ms</' \
            -e 's/control="method-sampling-native-interval">[^<]*</control="method-sampling-native-interval">2 ms</' \
            "$java_home/lib/jfr/profile.jfc" >"$jfc"
    else
        jfc=profile
    fi
fi

# ---------------------------------------------------------------- one run
header="timestamp,server,scenario,rep,client,pinned,conns,size,depth,duration_s,established,rtt_per_s,mb_per_s,p50_us,p99_us,p999_us,errors,stalled,window_s,srv_cpu_s,srv_cpu_pct,srv_cpu_us_per_rt,client_cpu_pct,other_cpu_pct,load1,hold_alive,establish_ms,rss_base_kb,rss_held_kb,rss_per_conn_b,startup_ms,threads_held"

run_one() { # server-spec scenario rep
    local spec=$1 sc=$2 rep=$3 port logbase result ts l1 name server cp_prefix=""
    # spec: [LABEL=]NAME[@CLASSES][+JVMOPT...]
    local own_opts=""
    if [[ $spec == *+* ]]; then own_opts=${spec#*+}; own_opts=${own_opts//+/ }; spec=${spec%%+*}; fi
    name=${spec%%=*}; server=${spec#*=}
    [[ $spec == *=* ]] || { server=$spec; name=${spec%%@*}; }
    if [[ $server == *@* ]]; then cp_prefix=${server#*@}; server=${server%%@*}; fi
    local startup_ms="" window="" srv_s="" srv_pct="" us_rt="" other="" rss_base="" rss_held="" rss_pc="" alive="" threads_held=""
    ts=$(date -u +%Y%m%dT%H%M%SZ)
    logbase=$out/logs/${ts}_${name}_${sc}_r${rep}
    port=$(free_port) || { say "no free port"; return 1; }
    l1=$(load1)
    local run_opts="$jvm_opts${own_opts:+ $own_opts}" run_buf=$buf
    # a throughput run gets buffers that hold what is in flight (4 x 16 KiB); many-connection
    # runs keep the per-connection buffer of the JDK NIO.2 and Overlap servers modest
    [ -n "$run_buf" ] || { [ "$sc" = tput ] && run_buf=65536 || run_buf=16384; }
    if [ $profile = 1 ]; then
        run_opts="$run_opts -XX:StartFlightRecording=filename=$logbase.jfr,settings=$jfc,dumponexit=true"
        jfr_files+=("$logbase.jfr")
    fi
    # shellcheck disable=SC2086
    setsid "${srv_pin[@]}" "$SERVER_JAVA" $run_opts -cp "${cp_prefix:+$cp_prefix:}$JAR" io.overlap.bench.Main "$server" "$port" \
        --threads "$threads" --buf "$run_buf" \
        >"$logbase.server.log" 2>&1 </dev/null &
    spid=$!
    local t0 ok=0
    t0=$(now_s)
    for _ in $(seq 1 600); do
        kill -0 "$spid" 2>/dev/null || break
        grep -q '^LISTENING' "$logbase.server.log" 2>/dev/null && { ok=1; break; }
        sleep 0.05
    done
    startup_ms=$(calc "($(now_s) - $t0) * 1000" 0)
    if [ $ok != 1 ]; then
        say "$name did not start listening on $port within 30 s:"
        tail -5 "$logbase.server.log" >&2
        result="RESULT errors=1 startup_failed=1"
    else
        sleep 0.3
        rss_base=$(server_rss_kb)
        local args c_a c_b b_a b_b t_a t_b limit
        case $sc in
        rr100) args=(-c 100 -s 64 -d 1 -t "$duration" -w "$warmup") ;;
        rr1000) args=(-c 1000 -s 64 -d 1 -t "$duration" -w "$warmup") ;;
        tput) args=(-c 10 -s 16384 -d 4 -t "$duration" -w "$warmup") ;;
        hold) args=(-c "$hold_n" -s 16 -V -H "$duration" -b 127.0.0.2-127.0.0.9 -o 10 -S 5 -D 120) ;;
        esac
        "${cl_pin[@]}" "${client_cmd[@]}" -p "$port" -l "$name" "${args[@]}" \
            >"$logbase.client.out" 2>"$logbase.client.err" </dev/null &
        cpid=$!
        if [ "$sc" = hold ]; then
            limit=$(calc "120 + $duration + 60" 0)
            for _ in $(seq 1 $((limit * 20))); do
                grep -q '^HOLD_READY' "$logbase.client.out" 2>/dev/null && break
                kill -0 "$cpid" 2>/dev/null || break
                sleep 0.05
            done
            sleep 2 # let the server settle (lazy allocation, GC) before sampling its memory
            rss_held=$(server_rss_kb)
            threads_held=$(server_threads)
            wait_client "$limit"
        else
            # measure the server over the client's measured window only (after warmup): the C
            # client starts at once; the Java one says when its warmup is over
            if [ $client = java ]; then
                for _ in $(seq 1 600); do
                    grep -q '^MEASURING' "$logbase.client.out" 2>/dev/null && break
                    kill -0 "$cpid" 2>/dev/null || break
                    sleep 0.05
                done
                sleep 0.3
            else
                sleep "$(calc "$warmup + 0.3" 2)"
            fi
            c_a=$(server_ticks); b_a=$(busy_ticks); t_a=$(now_s)
            limit=$(calc "$duration + $warmup + 60" 0)
            wait_client "$limit"
            c_b=$(server_ticks); b_b=$(busy_ticks); t_b=$(now_s)
            window=$(calc "$t_b - $t_a" 3)
        fi
        result=$(grep '^RESULT' "$logbase.client.out" | tail -1)
        [ -n "$result" ] || result="RESULT errors=1 client_failed=1"
        kill -0 "$spid" 2>/dev/null || { say "$name died during the run"; result="$result server_died=1"; }
        if [ "$sc" != hold ] && [ -n "$window" ] && awk "BEGIN {exit !($window >= 0.5)}"; then
            local rt cl
            rt=$(field rtt_per_s "$result"); cl=$(field cpu_pct "$result")
            srv_s=$(calc "($c_b - $c_a) / $clk" 2)
            srv_pct=$(calc "$srv_s / $window * 100" 1)
            if [ -n "$rt" ] && awk "BEGIN {exit !($rt > 0)}"; then
                us_rt=$(calc "$srv_s * 1e6 / ($rt * $window)" 3)
            fi
            other=$(calc "($b_b - $b_a) / $clk / $window * 100 - $srv_pct - ${cl:-0}" 0)
        fi
        if [ "$sc" = hold ]; then
            alive=$(field alive "$result")
            [ -n "$alive" ] && [ "$alive" -gt 0 ] && rss_pc=$(( (rss_held - rss_base) * 1024 / alive ))
        fi
    fi
    stop_server
    local errors; errors=$(field errors "$result")
    [[ $result == *startup_failed* || $result == *client_failed* || $result == *server_died* ]] && errors=$(( ${errors:-0} + 1 ))
    echo "$ts,$name,$sc,$rep,$client,$pin,$(field conns "$result"),$(field size "$result"),$(field depth "$result"),$(field duration_s "$result"),$(field established "$result"),$(field rtt_per_s "$result"),$(field mb_per_s "$result"),$(field p50_us "$result"),$(field p99_us "$result"),$(field p999_us "$result"),${errors},$(field stalled "$result"),$window,$srv_s,$srv_pct,$us_rt,$(field cpu_pct "$result"),$other,$l1,$alive,$(field establish_ms "$result"),$rss_base,$rss_held,$rss_pc,$startup_ms,$threads_held" >>"$csv"
    if [ "$sc" = hold ]; then
        say "$(printf '%-13s %-6s rep %s: alive %s/%s  RSS/conn %s B  errors %s' "$name" "$sc" "$rep" "${alive:--}" "$hold_n" "${rss_pc:--}" "${errors:--}")"
    else
        say "$(printf '%-13s %-6s rep %s: %9s rt/s %8s MB/s p99 %6s us  srv %5s us/rt (%s%% CPU)  client %s%%  errors %s' \
            "$name" "$sc" "$rep" "$(field rtt_per_s "$result")" "$(field mb_per_s "$result")" "$(field p99_us "$result")" \
            "${us_rt:--}" "${srv_pct:--}" "$(field cpu_pct "$result")" "${errors:--}")"
    fi
}

# ---------------------------------------------------------------- the matrix
mkdir -p "$out/logs"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
jfr_files=()
csv=$out/bench-$stamp.csv
[ $profile = 1 ] && csv=$out/profile-$stamp.csv
echo "$header" >"$csv"
per_run=$(calc "$duration + $warmup + 2.5 + $client_startup" 1)
per_run_hold=$(calc "$duration + 10" 0)
n_echo=0; n_hold=0
for sc in "${scenarios[@]}"; do if [ "$sc" = hold ]; then n_hold=$((n_hold + 1)); else n_echo=$((n_echo + 1)); fi; done
estimate=$(calc "$reps * ${#server_list[@]} * ($n_echo * $per_run + $n_hold * $per_run_hold) / 60" 1)
{
    echo "date: $(date -u +%FT%TZ)"
    echo "host: $(uname -srm); cpus: $cpus ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); $(awk '/MemTotal/ {printf "mem: %.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "java: $("$SERVER_JAVA" -version 2>&1 | grep -m1 version) ($SERVER_JAVA); server JVM options: ${jvm_opts:-none}"
    echo "client: $client_note"
    echo "pinning: $pin_note; fd hard limit: $hard"
    echo "servers: ${server_list[*]} (--threads $threads --buf ${buf:-65536 for tput, 16384 otherwise})"
    echo "scenarios: ${scenarios[*]}; reps: $reps; duration: ${duration}s; warmup: ${warmup}s; hold conns: $hold_n"
    echo "load at start:$(uptime | sed 's/.*load average://')"
} >"${csv%.csv}.meta"
sed 's/^/[bench] /' "${csv%.csv}.meta" >&2
say "estimated time: ${estimate} min; CSV: $csv"

for rep in $(seq 1 "$reps"); do
    for sc in "${scenarios[@]}"; do
        for name in "${server_list[@]}"; do
            run_one "$name" "$sc" "$rep"
            sleep 0.5
        done
    done
done
echo "load at end:$(uptime | sed 's/.*load average://')" >>"${csv%.csv}.meta"

report=${csv%.csv}.md
{
    echo "## ./overlap bench ($stamp)"
    echo
    sed 's/^/    /' "${csv%.csv}.meta"
    "$JAVA_BIN" -jar "$JAR" report --ref "$ref" "$csv"
} >"$report"
for f in "${jfr_files[@]}"; do
    [ -s "$f" ] || { say "no recording at $f"; continue; }
    "$JAVA_BIN" -jar "$JAR" profile --top 25 "$f" >"${f%.jfr}.profile.md"
    cat "${f%.jfr}.profile.md" >>"$report"
done
cat "$report"
say "CSV: $csv"
say "report: $report"
for f in "${jfr_files[@]}"; do say "JFR recording: $f (jfr print --events jdk.ExecutionSample $f)"; done
