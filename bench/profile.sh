#!/usr/bin/env bash
# Profiles Sluice on the bench's hot path: H1 POST 4 KiB through the 1,000-tenant map, proxy
# alone on core 0, wrk and the NGINX backend on core 1 (the bench's split pinning), or all three
# on core 1 with --shared (the bench's shared pinning).
#
#   bench/profile.sh                 CPU profile (async-profiler, itimer), 15 s after 15 s warm-up
#   bench/profile.sh --alloc         allocation profile instead
#   bench/profile.sh --none          no profiler: only CPU per request, per thread, user and system
#
# Options: --seconds S (measured, default 15), --warmup S (default 15), --tenants N (default 1000),
#          --shared (proxy on the load generator's core)
# Environment: JAVA_HOME, SLUICE_JVM_FLAGS (default: the launcher's defaults, as in run.sh).
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, linux-x64 library)
# into bench/work/tools/. The report goes to bench/results/profile-<timestamp>.txt: CPU per
# request per thread from /proc, then the hottest frames (self time) of the worker threads and
# the Sluice and Netty frames that hold the most samples; raw collapsed stacks sit beside it.
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
LIB="$BENCH_DIR/lib"
AP_VERSION=4.2
MODE=cpu SECONDS_RUN=15 WARMUP=15 TENANTS=1000 PROXY_CORE=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --alloc) MODE=alloc ;;
    --none) MODE=none ;;
    --seconds) SECONDS_RUN=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --tenants) TENANTS=$2; shift ;;
    --shared) PROXY_CORE=1 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in wrk nginx taskset python3 curl unzip; do
  command -v "$tool" >/dev/null || { echo "profile.sh: needs $tool (bench/run.sh installs the bench tools)" >&2; exit 1; }
done
[[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
[[ -f "$REPO_DIR/sluice-cli/target/sluice.jar" ]] || { echo "profile.sh: build Sluice first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH_DIR/work/profile-$STAMP"
OUT="$BENCH_DIR/results/profile-$STAMP"
mkdir -p "$WORK" "$BENCH_DIR/results" "$BENCH_DIR/work/tools"

AP_LIB="$BENCH_DIR/work/tools/async-profiler-$AP_VERSION/linux-x64/libasyncProfiler.so"
if [[ $MODE != none && ! -f $AP_LIB ]]; then
  jar="$BENCH_DIR/work/tools/async-profiler-$AP_VERSION.jar"
  curl -sfL -o "$jar" "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar" \
    || { echo "profile.sh: could not fetch async-profiler $AP_VERSION from Maven Central" >&2; exit 1; }
  unzip -q -o "$jar" 'linux-x64/*' -d "$BENCH_DIR/work/tools/async-profiler-$AP_VERSION"
fi

python3 "$LIB/gen_configs.py" "$WORK" --tenants "$TENANTS" >/dev/null || exit 1
head -c 4096 /dev/urandom >"$WORK/body-4k.bin"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT INT TERM

taskset -c 1 nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" \
  -g 'daemon off;' >/dev/null 2>&1 &
PIDS+=($!)

AGENT=""
case $MODE in
  cpu) AGENT="-agentpath:$AP_LIB=start,event=itimer,interval=1ms,threads,file=$OUT.collapsed,collapsed" ;;
  alloc) AGENT="-agentpath:$AP_LIB=start,event=alloc,threads,file=$OUT.collapsed,collapsed" ;;
esac
# The launcher's defaults (what operators run) unless SLUICE_JVM_FLAGS replaces them; the agent on top.
taskset -c "$PROXY_CORE" env SLUICE_JAVA_OPTS="${SLUICE_JVM_FLAGS:-}" SLUICE_EXTRA_JAVA_OPTS="${SLUICE_EXTRA_JAVA_OPTS:-} $AGENT" "$REPO_DIR/bin/sluice" run --config "$WORK/sluice/sluice.yaml" \
  >"$WORK/sluice.log" 2>&1 &
SLUICE=$!
PIDS+=("$SLUICE")
for _ in $(seq 150); do curl -sf -o /dev/null http://127.0.0.1:18901/ready && break; sleep 0.2; done
curl -sf -o /dev/null http://127.0.0.1:18901/ready || { echo "profile.sh: Sluice did not start, see $WORK/sluice.log" >&2; exit 1; }

wrk_post() {  # wrk_post SECONDS OUTFILE
  taskset -c 1 wrk -t1 -c64 -d"$1s" --timeout 2s -s "$LIB/tenants.lua" \
    http://127.0.0.1:18080/api/v1/push -- POST "$TENANTS" "$WORK/body-4k.bin" >"$2" 2>&1
}
# utime and stime: fields 14 and 15 of stat, counted after the ")" that ends the thread name
# (names such as "C2 CompilerThre" hold spaces).
thread_times() { for t in /proc/"$SLUICE"/task/*; do echo "$(tr ' ' _ <"$t/comm") $(sed 's/^.*) //' "$t/stat" | cut -d' ' -f12,13)"; done; }

echo "warm-up ${WARMUP}s, then ${SECONDS_RUN}s measured (mode: $MODE, proxy on core $PROXY_CORE)" >&2
# Three warm-up runs, each on new connections, as in run.sh: the JIT recompiles the hot code the
# first times it sees connections close and open, and that wave belongs to the warm-up.
for _ in 1 2 3; do wrk_post $(( (WARMUP + 2) / 3 )) "$WORK/warmup.txt"; done
thread_times >"$WORK/cpu-before"
wrk_post "$SECONDS_RUN" "$WORK/wrk.txt"
thread_times >"$WORK/cpu-after"
kill "$SLUICE"; wait "$SLUICE" 2>/dev/null   # async-profiler writes its output at exit

report_args=(--clk-tck "$(getconf CLK_TCK)" --wrk "$WORK/wrk.txt" --before "$WORK/cpu-before" --after "$WORK/cpu-after")
[[ $MODE != none ]] && report_args+=(--collapsed "$OUT.collapsed" --mode "$MODE")
python3 "$LIB/profile_report.py" "${report_args[@]}" >"$OUT.txt"
cat "$OUT.txt"
echo "report: ${OUT#"$REPO_DIR/"}.txt" >&2
