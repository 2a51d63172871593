#!/usr/bin/env bash
# Sluice vs HAProxy vs NGINX on one machine, loopback only. See docs/performance.md.
#
#   bench/run.sh              full run: 3 rounds x 15 s per scenario (about 48 min)
#   bench/run.sh --quick      smoke run: 1 round x 3 s (under 2 min)
#
# Options:
#   --quick              1 round, 3 s runs, 1 s warm-up
#   --rounds N           rounds (default 3); the order of targets rotates every round
#   --duration S         seconds per measured run (default 15)
#   --warmup S           seconds of unmeasured H1 POST load after each start, each third followed by
#                        half as long of GET and of h2, on new connections (default 15: a JVM
#                        compiles what it has run, and recompiles on what it sees for the first time)
#   --targets LIST       comma list from direct,haproxy,nginx,sluice (default: all)
#   --pinnings LIST      comma list from shared,split (default: both)
#   --rate N             fixed-rate scenario requests/s (default: half of the slowest peer)
#   --connections N      closed-loop connections (default 64)
#   --no-install         never call apt-get
#   --no-build           never build the Sluice jar
#   -h, --help
#
# Environment: JAVA_HOME, SLUICE_JVM_FLAGS, SLUICE_JAR, SCALE_TARGETS (default "sluice,haproxy":
# targets that also get the 10 vs 100,000 tenant run; HAProxy is there as a control).
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
LIB="$BENCH_DIR/lib"

ROUNDS=3
DURATION=15
WARMUP=15
TARGETS="direct,haproxy,nginx,sluice"
PINNINGS="shared,split"
RATE=""
CONNS=64
INSTALL=yes
BUILD=yes
QUICK=no
ARGS_SEEN="$*"

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=yes; ROUNDS=1; DURATION=3; WARMUP=1 ;;
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --pinnings) PINNINGS=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --no-install) INSTALL=no ;;
    --no-build) BUILD=no ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for v in ROUNDS DURATION WARMUP CONNS; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "--${v,,} must be a positive integer" >&2; exit 2; }
done

if [[ -z "${JAVA_HOME:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  elif command -v java >/dev/null; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
fi
export JAVA_HOME
SLUICE_JVM_FLAGS=${SLUICE_JVM_FLAGS:-}
SLUICE_JAR=${SLUICE_JAR:-$REPO_DIR/sluice-cli/target/sluice.jar}
SCALE_TARGETS=${SCALE_TARGETS:-sluice,haproxy}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH_DIR/work/$STAMP"
RESULTS="$BENCH_DIR/results"
RUNS="$WORK/runs.jsonl"
mkdir -p "$WORK/out" "$RESULTS"
: > "$RUNS"

# Ports (all 127.0.0.1, all in 18000-18999); must match lib/gen_configs.py.
P_BACKEND=18000 P_BACKEND_H2=18001
P_SLUICE=18080 P_SLUICE_ADMIN=18901
P_HAPROXY=18081 P_HAPROXY_H2=18082
P_NGINX=18084 P_NGINX_H2=18085

CORE_LOAD=1      # load generator and backend, always
TENANTS=1000
H2_CONNS=8 H2_STREAMS=8          # 64 streams in flight, like the 64 H1 connections
FIXED_CONNS=16
PUSH_PATH=/api/v1/push
QUERY_PATH='/prometheus/api/v1/query?query=up'
H2_TENANT=tenant-0500
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---------------------------------------------------------------- process bookkeeping
STARTED=()           # every long-lived pid we started; killed on exit

stop_pid() {         # stop_pid PID: TERM, wait up to 5 s, then KILL
  local pid=$1 i
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
  STARTED=()
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

forget_pid() {
  local keep=() p
  for p in "${STARTED[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  STARTED=("${keep[@]}")
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {        # wait_port PORT PID SECONDS
  local port=$1 pid=$2 limit=$(( $3 * 10 )) i
  for ((i = 0; i < limit; i++)); do
    kill -0 "$pid" 2>/dev/null || return 2
    port_open "$port" && return 0
    sleep 0.1
  done
  return 1
}

pids_of() {          # a process and its direct children (nginx master + workers)
  echo "$1"
  pgrep -P "$1" 2>/dev/null
}

cpu_ticks() {        # utime+stime summed over the given pids
  local p t=0 v
  for p in "$@"; do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
    t=$(( t + ${v:-0} ))
  done
  echo "$t"
}

rss_kb() {           # VmRSS summed over the given pids
  local p t=0 v
  for p in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)
    t=$(( t + ${v:-0} ))
  done
  echo "$t"
}

rss_sampler() {      # rss_sampler OUTFILE PIDS...: writes the max seen so far, twice a second
  local out=$1; shift
  local max=0 r
  while :; do
    r=$(rss_kb "$@")
    (( r > max )) && max=$r && echo "$max" > "$out"
    sleep 0.5
  done
}

# ---------------------------------------------------------------- setup
install_tools() {
  local need=() pair bin pkg
  for pair in haproxy:haproxy nginx:nginx wrk:wrk h2load:nghttp2-client taskset:util-linux \
              pgrep:procps python3:python3; do
    bin=${pair%%:*} pkg=${pair#*:}
    command -v "$bin" >/dev/null 2>&1 || need+=("$pkg")
  done
  # nginx/haproxy live in /usr/sbin, which may not be on a user's PATH.
  [[ ${#need[@]} -eq 0 ]] && return 0
  if [[ $INSTALL == no ]]; then
    echo "missing packages: ${need[*]} (and --no-install given)" >&2; exit 1
  fi
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  log "installing: ${need[*]}"
  $sudo apt-get update -q >"$WORK/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >>"$WORK/apt.log" 2>&1 ||
    { echo "apt-get install failed, see $WORK/apt.log" >&2; exit 1; }
}
export PATH="$PATH:/usr/sbin:/sbin"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

SLUICE_STATE=unknown   # unknown | ok | broken
SLUICE_REASON=""

ensure_sluice_jar() {
  [[ $SLUICE_STATE == broken ]] && return 1
  if [[ ! -x "$JAVA_HOME/bin/java" ]]; then
    SLUICE_STATE=broken SLUICE_REASON="no java at JAVA_HOME=$JAVA_HOME"; return 1
  fi
  [[ -f "$SLUICE_JAR" ]] && return 0
  if [[ $BUILD == no ]]; then
    SLUICE_STATE=broken SLUICE_REASON="$SLUICE_JAR missing (--no-build)"; return 1
  fi
  log "building Sluice ($SLUICE_JAR missing)"
  if ! (cd "$REPO_DIR" && timeout 900 ./mvnw -B -q package -DskipTests) >"$WORK/build.log" 2>&1 \
     || [[ ! -f "$SLUICE_JAR" ]]; then
    SLUICE_STATE=broken SLUICE_REASON="build failed, see $WORK/build.log"; return 1
  fi
}

gen_configs() {      # gen_configs DIR TENANTS
  python3 "$LIB/gen_configs.py" "$1" --tenants "$2" >/dev/null || { echo "config generation failed" >&2; exit 1; }
}

# ---------------------------------------------------------------- backend
BACKEND_PID=""
start_backend() {
  local d="$WORK/conf-$TENANTS/backend"
  taskset -c "$CORE_LOAD" nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" -g 'daemon off;' \
    >"$d/stdout.log" 2>&1 &
  BACKEND_PID=$!
  STARTED+=("$BACKEND_PID")
  if ! wait_port "$P_BACKEND" "$BACKEND_PID" 10; then
    echo "backend nginx failed to start:" >&2; cat "$d/error.log" "$d/stdout.log" >&2; exit 1
  fi
  wait_port "$P_BACKEND_H2" "$BACKEND_PID" 5 || true
}

# ---------------------------------------------------------------- targets
# start_target TARGET CORES CONFDIR -> sets T_PID, T_H1, T_H2, T_H2_NA; returns 1 if not up
T_PID="" T_H1="" T_H2="" T_H2_NA="" T_FAIL=""
start_target() {
  local target=$1 cores=$2 conf=$3 logf rc
  T_PID="" T_H1="" T_H2="" T_H2_NA="" T_FAIL=""
  case "$target" in
    direct)
      T_H1=$P_BACKEND T_H2=$P_BACKEND_H2
      # NGINX (1.22) answering `return 200` over h2c does not drain request bodies: 4 KiB
      # POSTs crawl at ~9 MB/s per connection and some streams are reset, so a direct h2
      # figure would measure that quirk, not a backend. The proxies speak H1 upstream anyway.
      T_H2_NA="reference not measured: the NGINX backend's h2c POST path is not a fair baseline"
      return 0 ;;
    haproxy)
      logf="$conf/haproxy/run.log"
      taskset -c "$cores" haproxy -db -f "$conf/haproxy/haproxy.cfg" >"$logf" 2>&1 &
      T_PID=$! T_H1=$P_HAPROXY T_H2=$P_HAPROXY_H2 ;;
    nginx)
      logf="$conf/nginx/error.log"
      taskset -c "$cores" nginx -p "$conf/nginx" -c "$conf/nginx/nginx.conf" -e "$logf" \
        -g 'daemon off;' >"$conf/nginx/stdout.log" 2>&1 &
      T_PID=$! T_H1=$P_NGINX T_H2=$P_NGINX_H2 ;;
    sluice)
      if ! ensure_sluice_jar; then
        T_FAIL="$SLUICE_REASON"; echo "sluice: failed to start ($T_FAIL)" >&2; return 1
      fi
      logf="$conf/sluice/run.log"
      # Through the launcher, so the bench measures the JVM options operators get; the launcher
      # execs java, so $! is the JVM. An empty SLUICE_JVM_FLAGS keeps the launcher's defaults.
      taskset -c "$cores" env SLUICE_JAVA_OPTS="$SLUICE_JVM_FLAGS" "$REPO_DIR/bin/sluice" \
        run --config "$conf/sluice/sluice.yaml" >"$logf" 2>&1 &
      T_PID=$! T_H1=$P_SLUICE T_H2=$P_SLUICE ;;
  esac
  STARTED+=("$T_PID")
  wait_port "$T_H1" "$T_PID" 30; rc=$?
  if [[ $rc -ne 0 ]]; then
    [[ $rc -eq 2 ]] && T_FAIL="process exited" || T_FAIL="port $T_H1 not open after 30 s"
    T_FAIL="$T_FAIL, see ${logf#"$BENCH_DIR/"}"
    echo "$target: failed to start ($T_FAIL)" >&2
    stop_target
    [[ $target == sluice ]] && SLUICE_STATE=broken SLUICE_REASON="$T_FAIL"
    return 1
  fi
  if ! probe "$T_H1" "${conf##*conf-}"; then
    T_FAIL="routing probe failed (want 2xx for tenant-0001, 4xx for an unknown tenant)"
    echo "$target: failed to start ($T_FAIL)" >&2
    stop_target
    [[ $target == sluice ]] && SLUICE_STATE=broken SLUICE_REASON="$T_FAIL"
    return 1
  fi
  [[ $target == sluice ]] && SLUICE_STATE=ok
  # the h2 scenario only runs with the base tenant map (its tenant name is from that map)
  [[ ${conf##*conf-} == "$TENANTS" ]] || return 0
  if ! h2_probe "$T_H2"; then
    T_H2_NA="no h2c (prior knowledge) on port $T_H2: $H2_PROBE_MSG"
    echo "$target: h2 scenario n/a ($T_H2_NA)" >&2
  fi
  return 0
}

stop_target() {
  [[ -n "$T_PID" ]] || return 0
  stop_pid "$T_PID"; forget_pid "$T_PID"; T_PID=""
}

probe() {            # probe PORT TENANTS: POST for a known tenant (2xx), an unknown one (4xx)
  python3 - "$1" "$WORK/body-4k.bin" "$2" <<'EOF'
import http.client, sys
port, body, n = int(sys.argv[1]), open(sys.argv[2], "rb").read(), int(sys.argv[3])
first = "tenant-" + "1".rjust(max(4, len(str(n))), "0")
def status(tenant):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("POST", "/api/v1/push", body=body, headers={"X-Scope-OrgID": tenant})
    s = c.getresponse().status
    c.close()
    return s
ok = 200 <= status(first) < 300 and 400 <= status("no-such-tenant") < 500
sys.exit(0 if ok else 1)
EOF
}

H2_PROBE_MSG=""
h2_probe() {
  local out
  out=$(timeout 10 h2load -n 1 -c 1 -d "$WORK/body-4k.bin" -H "X-Scope-OrgID: $H2_TENANT" \
        "http://127.0.0.1:$1$PUSH_PATH" 2>&1)
  if grep -q 'status codes: 1 2xx' <<<"$out"; then return 0; fi
  H2_PROBE_MSG=$(grep -m1 -iE 'error|fail|refused|no protocol' <<<"$out" | head -c 160)
  [[ -n "$H2_PROBE_MSG" ]] || H2_PROBE_MSG="no 2xx answer"
  return 1
}

# ---------------------------------------------------------------- load
# load SCENARIO PORT SECONDS OUTFILE [TENANTS] [RATE]
load() {
  local sc=$1 port=$2 secs=$3 out=$4 nt=${5:-$TENANTS} rate=${6:-0}
  local url="http://127.0.0.1:$port" limit=$(( secs + 30 ))
  case "$sc" in
    h1_post)
      taskset -c "$CORE_LOAD" timeout "$limit" wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 2s \
        -s "$LIB/tenants.lua" "$url$PUSH_PATH" -- POST "$nt" "$WORK/body-4k.bin" >"$out" 2>&1 ;;
    h1_get)
      taskset -c "$CORE_LOAD" timeout "$limit" wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 2s \
        -s "$LIB/tenants.lua" "$url$QUERY_PATH" -- GET "$nt" >"$out" 2>&1 ;;
    h2_post)
      taskset -c "$CORE_LOAD" timeout "$limit" h2load -t1 -c"$H2_CONNS" -m"$H2_STREAMS" \
        -D "$secs" -d "$WORK/body-4k.bin" -H "X-Scope-OrgID: $H2_TENANT" \
        -H 'content-type: application/x-protobuf' --log-file "$out.reqlog" \
        "$url$PUSH_PATH" >"$out.h2load" 2>&1
      python3 "$LIB/h2stats.py" "$out.h2load" "$out.reqlog" >"$out"; rm -f "$out.reqlog" ;;
    h1_post_fixed)
      local per
      per=$(awk -v r="$rate" -v c="$FIXED_CONNS" 'BEGIN {printf "%.3f", r / c}')
      taskset -c "$CORE_LOAD" timeout "$limit" h2load --h1 -t1 -c"$FIXED_CONNS" --rps="$per" \
        -D "$secs" -d "$WORK/body-4k.bin" -H "X-Scope-OrgID: $H2_TENANT" \
        -H 'content-type: application/x-protobuf' --log-file "$out.reqlog" \
        "$url$PUSH_PATH" >"$out.h2load" 2>&1
      python3 "$LIB/h2stats.py" "$out.h2load" "$out.reqlog" >"$out"; rm -f "$out.reqlog" ;;
  esac
}

# measure ROUND TARGET PINNING SCENARIO PORT [TENANTS] [RATE] [RSS_IDLE_KB]
# Runs one measured load, records CPU and peak RSS of the target, appends a JSON line.
measure() {
  local round=$1 target=$2 pin=$3 sc=$4 port=$5 nt=${6:-$TENANTS} rate=${7:-0} idle=${8:-0}
  local tag="r${round}-${target}-${pin}-${sc}-t${nt}"
  local out="$WORK/out/$tag.txt" pids=() c0=0 c1=0 sampler="" rssfile="$WORK/out/$tag.rss"
  mkdir -p "$WORK/out"
  if [[ -n "$T_PID" ]]; then
    mapfile -t pids < <(pids_of "$T_PID")
    rss_sampler "$rssfile" "${pids[@]}" & sampler=$!
    c0=$(cpu_ticks "${pids[@]}")
  fi
  load "$sc" "$port" "$DURATION" "$out" "$nt" "$rate"
  if [[ -n "$T_PID" ]]; then
    c1=$(cpu_ticks "${pids[@]}")
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  fi
  local line
  line=$(grep -m1 '^SLUICEBENCH' "$out")
  if [[ -z "$line" ]]; then
    log "$tag: load generator gave no result, see ${out#"$BENCH_DIR/"}"
    record round="$round" target="$target" pinning="$pin" scenario="$sc" tenants="$nt" \
      status=na reason="load generator failed"
    return
  fi
  local cpu_us=$(( (c1 - c0) * 1000000 / CLK_TCK ))
  local rss_load; rss_load=$(cat "$rssfile" 2>/dev/null || echo 0)
  # shellcheck disable=SC2086  # the line is key=value words
  record round="$round" target="$target" pinning="$pin" scenario="$sc" tenants="$nt" \
    status=ok rate="$rate" cpu_us="$cpu_us" rss_idle_kb="$idle" rss_load_kb="$rss_load" \
    has_pid=$([[ -n "$T_PID" ]] && echo 1 || echo 0) ${line#SLUICEBENCH }
  log "$tag: $(tail -n1 "$RUNS" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.0f rps p99 %.3f ms non2xx %d err %d" % (r["rps"], r["p99_us"]/1000, r["non2xx"], r["errors"]))')"
}

record() {           # record key=value... -> one JSON line in runs.jsonl
  python3 - "$@" >>"$RUNS" <<'EOF'
import json, sys
r = {}
for kv in sys.argv[1:]:
    k, _, v = kv.partition("=")
    try:
        v = int(v)
    except ValueError:
        try:
            v = float(v)
        except ValueError:
            pass
    r[k] = v
if "requests" in r and r.get("duration_us"):
    r["rps"] = r["requests"] * 1e6 / r["duration_us"]
print(json.dumps(r))
EOF
}

record_na() {        # record_na ROUND TARGET PINNING REASON SCENARIOS...
  local round=$1 target=$2 pin=$3 reason=$4 sc; shift 4
  for sc in "$@"; do
    record round="$round" target="$target" pinning="$pin" scenario="$sc" tenants="$TENANTS" \
      status=na reason="$reason"
  done
}

warm() {             # warm PORT [TENANTS] [RATE]: unmeasured load so JITs and pools are warm
  local port=$1 nt=${2:-$TENANTS} rate=${3:-0}
  # Every measured path gets warm: a JVM compiles what it has run, and on a shared core its
  # compiler competes with the load. The C proxies are warmed the same way, to no effect.
  # The warm-up walks the same tenants as the measured run: Sluice creates a tenant's counters
  # when it first sees it, and a first sighting of 100,000 tenants inside the measured window
  # measured that one-off path (and the JIT recompiling for it), not the steady state. The
  # cold figure is in docs/performance.md.
  # It runs in cycles, each with new connections: a JVM's compiler speculates that what it has
  # not seen yet (a connection closing mid-request, a message type new at a call site) does not
  # happen, and deoptimizes and recompiles the hot code when it does. A proxy in service sees
  # those events all the time and its JIT settles after a few; a warm-up of one long run per
  # scenario left that recompile wave (1-2 s of C2 CPU) inside the first measured run.
  # With a RATE, each cycle also runs the fixed-rate client (h2load --h1): its requests carry
  # other headers than wrk's, and its first ones made Sluice's JIT throw away and recompile
  # its hot code (84 methods in one run) inside the measured fixed-rate window, on the proxy's core.
  local cycles=$(( WARMUP >= 6 ? 3 : 1 )) c post
  post=$(( (WARMUP + cycles - 1) / cycles ))
  for ((c = 0; c < cycles; c++)); do
    load h1_post "$port" "$post" "$WORK/out/warmup.txt" "$nt"
    load h1_get "$port" $(( (post + 1) / 2 )) "$WORK/out/warmup.txt"
    [[ -z "$T_H2_NA" ]] && load h2_post "$T_H2" $(( (post + 1) / 2 )) "$WORK/out/warmup.txt"
    (( rate > 0 )) && load h1_post_fixed "$port" $(( (post + 1) / 2 )) "$WORK/out/warmup.txt" "$nt" "$rate"
  done
  return 0
}

cores_for() { [[ $1 == shared ]] && echo "$CORE_LOAD" || echo 0; }

rotate() {           # rotate N ITEMS...: the list rotated left by N
  local n=$1; shift
  local a=("$@") k=${#a[@]} i
  for ((i = 0; i < k; i++)); do echo "${a[(i + n) % k]}"; done
}

idle_rss() {         # settle, then VmRSS of a started target
  sleep 1
  mapfile -t _p < <(pids_of "$T_PID")
  rss_kb "${_p[@]}"
}

# ---------------------------------------------------------------- phases
closed_loop_phase() {
  local round target pin cores idle
  local -a tlist plist
  mapfile -t tlist < <(tr ',' '\n' <<<"$TARGETS")
  for ((round = 1; round <= ROUNDS; round++)); do
    log "== round $round/$ROUNDS: closed loop"
    mapfile -t order < <(rotate $((round - 1)) "${tlist[@]}")
    for target in "${order[@]}"; do
      mapfile -t plist < <(tr ',' '\n' <<<"$PINNINGS")
      (( round % 2 == 0 )) && mapfile -t plist < <(rotate 1 "${plist[@]}")
      [[ $target == direct ]] && plist=(none)
      for pin in "${plist[@]}"; do
        if [[ $target == sluice && $SLUICE_STATE == broken ]]; then
          echo "sluice: failed to start ($SLUICE_REASON)" >&2
          record_na "$round" sluice "$pin" "failed to start: $SLUICE_REASON" h1_post h1_get h2_post
          continue
        fi
        cores=$(cores_for "$pin")
        [[ $target == direct ]] && log "direct (no proxy)" || log "$target ($pin, proxy on core $cores)"
        if ! start_target "$target" "$cores" "$WORK/conf-$TENANTS"; then
          record_na "$round" "$target" "$pin" "failed to start: $T_FAIL" h1_post h1_get h2_post
          continue
        fi
        idle=0
        [[ -n "$T_PID" ]] && idle=$(idle_rss)
        warm "$T_H1"
        measure "$round" "$target" "$pin" h1_post "$T_H1" "$TENANTS" 0 "$idle"
        measure "$round" "$target" "$pin" h1_get "$T_H1" "$TENANTS" 0 "$idle"
        if [[ -n "$T_H2_NA" ]]; then
          record_na "$round" "$target" "$pin" "$T_H2_NA" h2_post
        else
          measure "$round" "$target" "$pin" h2_post "$T_H2" "$TENANTS" 0 "$idle"
        fi
        stop_target
      done
    done
  done
}

fixed_pinning() { [[ ,$PINNINGS, == *,split,* ]] && echo split || echo "${PINNINGS%%,*}"; }

fixed_rate_phase() {
  local pin rate round target idle
  pin=$(fixed_pinning)
  rate=$RATE
  if [[ -z "$rate" ]]; then
    rate=$(python3 "$LIB/report.py" --half-rate "$pin" "$RUNS")
  fi
  if [[ -z "$rate" || "$rate" == 0 ]]; then
    log "fixed rate: no peer maximum measured, skipping"
    return
  fi
  log "== fixed rate: $rate req/s (pinning $pin)"
  local -a tlist
  mapfile -t tlist < <(tr ',' '\n' <<<"$TARGETS")
  for ((round = 1; round <= ROUNDS; round++)); do
    mapfile -t order < <(rotate $((round - 1)) "${tlist[@]}")
    for target in "${order[@]}"; do
      local p=$pin
      [[ $target == direct ]] && p=none
      if [[ $target == sluice && $SLUICE_STATE == broken ]]; then
        echo "sluice: failed to start ($SLUICE_REASON)" >&2
        record_na "$round" sluice "$p" "failed to start: $SLUICE_REASON" h1_post_fixed
        continue
      fi
      if ! start_target "$target" "$(cores_for "$pin")" "$WORK/conf-$TENANTS"; then
        record_na "$round" "$target" "$p" "failed to start: $T_FAIL" h1_post_fixed
        continue
      fi
      idle=0
      [[ -n "$T_PID" ]] && idle=$(idle_rss)
      warm "$T_H1" "$TENANTS" "$rate"
      measure "$round" "$target" "$p" h1_post_fixed "$T_H1" "$TENANTS" "$rate" "$idle"
      stop_target
    done
  done
}

tenant_scale_phase() {   # 10 vs 100,000 tenants, shared core, H1 POST
  local round target nt idle
  local -a scale=(10 100000) tl
  mapfile -t tl < <(tr ',' '\n' <<<"$SCALE_TARGETS")
  for target in "${tl[@]}"; do
    [[ ,$TARGETS, == *,$target,* && $target != direct ]] || continue
    for nt in "${scale[@]}"; do [[ -d "$WORK/conf-$nt" ]] || gen_configs "$WORK/conf-$nt" "$nt"; done
    for ((round = 1; round <= ROUNDS; round++)); do
      log "== round $round/$ROUNDS: $target tenant scale"
      mapfile -t order < <(rotate $((round - 1)) "${scale[@]}")
      for nt in "${order[@]}"; do
        if [[ $target == sluice && $SLUICE_STATE == broken ]]; then
          echo "sluice: failed to start ($SLUICE_REASON)" >&2
          record round="$round" target=sluice pinning=shared scenario=h1_post tenants="$nt" \
            status=na reason="failed to start: $SLUICE_REASON"
          continue
        fi
        if ! start_target "$target" "$CORE_LOAD" "$WORK/conf-$nt"; then
          record round="$round" target="$target" pinning=shared scenario=h1_post tenants="$nt" \
            status=na reason="failed to start: $T_FAIL"
          continue
        fi
        idle=$(idle_rss)
        warm "$T_H1" "$nt"
        measure "$round" "$target" shared h1_post "$T_H1" "$nt" 0 "$idle"
        stop_target
      done
    done
  done
}

idle_10k_phase() {       # idle RSS of every proxy started with 10,000 tenants
  local target kb
  local -a tl
  mapfile -t tl < <(tr ',' '\n' <<<"$TARGETS")
  [[ -d "$WORK/conf-10000" ]] || gen_configs "$WORK/conf-10000" 10000
  for target in "${tl[@]}"; do
    [[ $target == direct ]] && continue
    if [[ $target == sluice && $SLUICE_STATE == broken ]]; then
      echo "sluice: failed to start ($SLUICE_REASON)" >&2
      record target=sluice scenario=idle_10k tenants=10000 status=na reason="failed to start: $SLUICE_REASON"
      continue
    fi
    if ! start_target "$target" "$CORE_LOAD" "$WORK/conf-10000"; then
      record target="$target" scenario=idle_10k tenants=10000 status=na reason="failed to start: $T_FAIL"
      continue
    fi
    sleep 1
    kb=$(idle_rss)
    record target="$target" scenario=idle_10k tenants=10000 status=ok rss_idle_kb="$kb"
    log "$target idle with 10,000 tenants: $(( kb / 1024 )) MiB"
    stop_target
  done
}

BUSY_NOTE=""
busy_check() {       # busy_check WHEN SECONDS: warn when something else uses the CPUs
  local a b busy
  a=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat); sleep "$2"
  b=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
  busy=$(awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " ");
    u = y[1] - x[1]; i = y[2] - x[2]; printf "%d", (u + i) ? 100 * u / (u + i) : 0}')
  if (( busy > 10 )); then
    local note="machine was ${busy}% busy $1 the bench (nothing of ours running); top CPU users: $(ps -eo comm,pcpu --sort=-pcpu --no-headers | head -4 | awk '{printf "%s%s %s%%", (NR > 1 ? ", " : ""), $1, $2}')"
    BUSY_NOTE="${BUSY_NOTE:+$BUSY_NOTE; }$note"
    log "WARNING: $note; results are noisy"
  fi
}

# ---------------------------------------------------------------- main
[[ $(nproc) -ge 2 ]] || { echo "needs at least 2 cores (core 0 for the proxy, core 1 for load)" >&2; exit 1; }
install_tools
log "work dir: ${WORK#"$REPO_DIR/"}"
gen_configs "$WORK/conf-$TENANTS" "$TENANTS"
cp "$WORK/conf-$TENANTS/body-4k.bin" "$WORK/body-4k.bin"
for p in $P_BACKEND $P_BACKEND_H2 $P_SLUICE $P_SLUICE_ADMIN $P_HAPROXY $P_HAPROXY_H2 $P_NGINX $P_NGINX_H2; do
  port_open "$p" && { echo "port $p already in use on 127.0.0.1; stop what holds it" >&2; exit 1; }
done
if [[ ,$TARGETS, == *,sluice,* ]]; then ensure_sluice_jar || echo "sluice: failed to start ($SLUICE_REASON)" >&2; fi
start_backend
busy_check before 2
T0=$SECONDS
closed_loop_phase
fixed_rate_phase
tenant_scale_phase
idle_10k_phase
stop_pid "$BACKEND_PID"; forget_pid "$BACKEND_PID"
busy_check after 1

REPORT="$RESULTS/$STAMP.md"
python3 "$LIB/report.py" "$RUNS" --stamp "$STAMP" --command "bench/run.sh $ARGS_SEEN" \
  --rounds "$ROUNDS" --duration "$DURATION" --elapsed $((SECONDS - T0)) \
  --jvm-flags "$SLUICE_JVM_FLAGS" --conns "$CONNS" --note "$BUSY_NOTE" > "$REPORT"
cat "$REPORT"
log "report: ${REPORT#"$REPO_DIR/"}"
