#!/usr/bin/env bash
# What holds up the slow requests of the fixed-rate scenario: runs the bench's fixed-rate load
# (h2load --h1, 16 connections, split pinning: proxy on core 0, h2load and the NGINX backend on
# core 1) through one proxy while the kernel's scheduler tracer records which thread runs on
# each core, then matches every request of h2load's per-request log against that timeline.
#
#   bench/stalls.sh                   Sluice
#   bench/stalls.sh --target haproxy  HAProxy or nginx instead, as a control
#
# Options: --rate N (req/s, default 32594: half of the peers' split maximum in session 8's
#          runs), --seconds S (measured, default 8), --warmup S (per cycle, default 5, 3 cycles)
# Environment: JAVA_HOME, SLUICE_EXTRA_JAVA_OPTS (added to the launcher's defaults).
#
# Needs root (tracefs). The report goes to bench/results/stalls-<timestamp>.txt: p50/p99, what
# else ran on the proxy's core while the slow (>= p99) requests waited, and p99 with the
# requests that overlapped each group of threads left out (an upper bound on what removing
# that group could win).
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
LIB="$BENCH_DIR/lib"
TARGET=sluice RATE=32594 SECS=8 WARMUP=5 CONNS=16

while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) TARGET=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --seconds) SECS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
case $TARGET in sluice|haproxy|nginx) ;; *) echo "stalls.sh: --target sluice|haproxy|nginx" >&2; exit 2 ;; esac

for tool in wrk h2load nginx haproxy taskset python3 curl; do
  command -v "$tool" >/dev/null || { echo "stalls.sh: needs $tool (bench/run.sh installs the bench tools)" >&2; exit 1; }
done
TRACE=/sys/kernel/tracing
[[ -d $TRACE/events/sched ]] || mount -t tracefs nodev "$TRACE" 2>/dev/null
[[ -w $TRACE/trace_marker ]] || { echo "stalls.sh: needs a writable tracefs at $TRACE (run as root)" >&2; exit 1; }
[[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ $TARGET == sluice && ! -f "$REPO_DIR/sluice-cli/target/sluice.jar" ]]; then
  echo "stalls.sh: build Sluice first: ./mvnw -B -q package -DskipTests" >&2; exit 1
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH_DIR/work/stalls-$STAMP"
OUT="$BENCH_DIR/results/stalls-$STAMP.txt"
mkdir -p "$WORK" "$BENCH_DIR/results"
python3 "$LIB/gen_configs.py" "$WORK" --tenants 1000 >/dev/null || exit 1
head -c 4096 /dev/urandom >"$WORK/body-4k.bin"

PIDS=()
cleanup() {
  echo 0 >"$TRACE/tracing_on" 2>/dev/null
  echo 0 >"$TRACE/events/enable" 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT INT TERM

taskset -c 1 nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" \
  -g 'daemon off;' >/dev/null 2>&1 &
PIDS+=($!)
case $TARGET in
  sluice)
    taskset -c 0 "$REPO_DIR/bin/sluice" run --config "$WORK/sluice/sluice.yaml" >"$WORK/sluice.log" 2>&1 &
    PIDS+=($!); PORT=18080
    for _ in $(seq 150); do curl -sf -o /dev/null http://127.0.0.1:18901/ready && break; sleep 0.2; done ;;
  haproxy)
    taskset -c 0 haproxy -f "$WORK/haproxy/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
    PIDS+=($!); PORT=18081; sleep 1 ;;
  nginx)
    taskset -c 0 nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" \
      -g 'daemon off;' >/dev/null 2>&1 &
    PIDS+=($!); PORT=18084; sleep 1 ;;
esac
URL="http://127.0.0.1:$PORT/api/v1/push"

fixed() {            # fixed SECONDS OUT: the bench's fixed-rate client
  local per; per=$(awk -v r="$RATE" -v c="$CONNS" 'BEGIN {printf "%.3f", r / c}')
  taskset -c 1 h2load --h1 -t1 -c"$CONNS" --rps="$per" -D "$1" -d "$WORK/body-4k.bin" \
    -H "X-Scope-OrgID: tenant-0500" -H 'content-type: application/x-protobuf' \
    --log-file "$2.reqlog" "$URL" >"$2.h2load" 2>&1
}
# The bench's warm-up: closed loop over all tenants, then the fixed-rate client itself.
for _ in 1 2 3; do
  taskset -c 1 wrk -t1 -c64 -d"${WARMUP}s" --timeout 2s -s "$LIB/tenants.lua" "$URL" -- POST 1000 \
    "$WORK/body-4k.bin" >/dev/null 2>&1
  fixed "$WARMUP" "$WORK/warm"
done

echo 0 >"$TRACE/tracing_on"
echo >"$TRACE/trace"
echo 200000 >"$TRACE/buffer_size_kb"
echo 1 >"$TRACE/events/sched/sched_switch/enable"
echo 1 >"$TRACE/tracing_on"
echo "EPOCH $(date +%s%N)" >"$TRACE/trace_marker"   # ties trace time to h2load's wall-clock log
fixed "$SECS" "$WORK/measured"
echo 0 >"$TRACE/tracing_on"
cp "$TRACE/trace" "$WORK/sched.trace"
echo 0 >"$TRACE/events/enable"

{
  echo "stalls.sh: $TARGET, fixed rate $RATE req/s, $SECS s, split pinning ($(date -u +%FT%TZ))"
  python3 "$LIB/stalls.py" "$WORK/sched.trace" "$WORK/measured.reqlog" "$TARGET"
} | tee "$OUT"
echo "report: ${OUT#"$REPO_DIR/"}"
