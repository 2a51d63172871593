#!/usr/bin/env python3
"""Which threads held up the slow requests of a fixed-rate run.

stalls.py SCHED_TRACE REQUEST_LOG TARGET

SCHED_TRACE is the text of /sys/kernel/tracing/trace with sched_switch events and one
"EPOCH <ns since epoch>" marker written when tracing began; REQUEST_LOG is h2load's --log-file
(start in us since epoch, status, us until the response ended). The marker puts both on one
clock. For each request we know what ran on the proxy's core (CPU 0) while it waited.
"""
import bisect
import collections
import re
import sys

SWITCH = re.compile(r"\[(\d{3})\]\s+\S+\s+([\d.]+): sched_switch: prev_comm=.*? prev_pid=\d+ .*?"
                    r"==> next_comm=(.*?) next_pid=\d+")
MARK = re.compile(r"([\d.]+): tracing_mark_write: EPOCH (\d+)")
PROXY_CPU = "000"
SETTLE_US = 500_000      # the first half second holds connection set-up and its compiles
AFTER_US = 1000          # a stall also delays what queued behind it

# Threads grouped by who owns them; anything else on the core is the machine's.
GROUPS = {
    "collector (VM Thread)": ("VM Thread",),
    "JIT compilers": ("C1 CompilerThre", "C2 CompilerThre"),
    "other JVM threads": ("VM Periodic Tas", "Monitor Deflati", "Service Thread", "Common-Cleaner",
                          "Reference Handl", "Finalizer", "Signal Dispatch", "Notification Th"),
    "Sluice side threads": ("sluice-config", "sluice-accept", "sluice-shutdown", "prometheus"),
}


def name_of(comm):
    return re.sub(r"[-/]\d+$", "", comm)


def group_of(name, target):
    if name.startswith("swapper") or name.startswith(target) or name.startswith("sluice-worker"):
        return None
    for group, prefixes in GROUPS.items():
        if name.startswith(prefixes):
            return group
    return "the machine (kernel threads, other processes)"


def read_trace(path):
    slices, offset, current = [], None, None
    for line in open(path, errors="replace"):
        m = MARK.search(line)
        if m:
            offset = int(m.group(2)) / 1000 - float(m.group(1)) * 1e6
            continue
        m = SWITCH.search(line)
        if not m or m.group(1) != PROXY_CPU:
            continue
        ts = float(m.group(2)) * 1e6
        if current:
            slices.append((current[1], ts, current[0]))
        current = (name_of(m.group(3)), ts)
    if offset is None:
        sys.exit("stalls.py: no EPOCH marker in the trace")
    return [(a + offset, b + offset, n) for a, b, n in slices]


def read_requests(path):
    reqs = []
    for line in open(path):
        parts = line.split()
        if len(parts) >= 3:
            reqs.append((int(parts[0]), int(parts[2])))
    reqs.sort()
    return [r for r in reqs if r[0] >= reqs[0][0] + SETTLE_US] if reqs else []


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0


def main():
    trace, log, target = sys.argv[1], sys.argv[2], sys.argv[3]
    slices = read_trace(trace)
    reqs = read_requests(log)
    if not reqs or not slices:
        sys.exit("stalls.py: no requests or no scheduler events to match")
    lo, hi = slices[0][0], slices[-1][1]
    reqs = [r for r in reqs if lo <= r[0] and r[0] + r[1] <= hi]
    starts = [s[0] for s in slices]
    p50, p99 = pct([d for _, d in reqs], 0.50), pct([d for _, d in reqs], 0.99)
    print(f"requests matched: {len(reqs)}; p50 {p50} us, p99 {p99} us")

    busy = collections.Counter()
    for a, b, n in slices:
        busy[group_of(n, target) or ("idle" if n.startswith("swapper") else "the proxy")] += b - a
    total = sum(busy.values())
    print("\nCPU 0 over the run:")
    for g, t in busy.most_common():
        print(f"  {t / total * 100:5.1f} %  {g}")

    def overlapping(s, e):
        i = bisect.bisect_right(starts, e) - 1
        while i >= 0 and slices[i][1] >= s - 50_000:
            a, b, n = slices[i]
            if b > s and a < e:
                yield a, b, n
            i -= 1

    slow = [(s, d) for s, d in reqs if d >= p99]
    blame = collections.Counter()
    for s, d in slow:
        other = collections.Counter()
        for a, b, n in overlapping(s, s + d):
            g = group_of(n, target)
            if g:
                other[g] += min(b, s + d) - max(a, s)
        top = [g for g, t in other.most_common(1) if t >= 50]
        blame[top[0] if top else "nothing else (the proxy, or the core idle)"] += 1
    print(f"\nslow requests (>= p99, {len(slow)}) by what else ran on CPU 0 for >= 50 us meanwhile:")
    for g, n in blame.most_common():
        print(f"  {n:6}  {g}")

    print(f"\np99 without the requests a group's slices overlapped (or preceded by <= {AFTER_US} us):")
    for group in list(GROUPS) + ["the machine (kernel threads, other processes)"]:
        spans = sorted((a, b + AFTER_US) for a, b, n in slices if group_of(n, target) == group and b - a > 30)
        if not spans:
            continue
        span_starts = [a for a, _ in spans]

        def hit(s, e):
            i = bisect.bisect_right(span_starts, e) - 1
            while i >= 0 and spans[i][0] >= s - 60_000:
                if spans[i][1] >= s:
                    return True
                i -= 1
            return False

        kept = [d for s, d in reqs if not hit(s, s + d)]
        print(f"  {group:48} {len(reqs) - len(kept):7} left out, p99 {pct(kept, 0.99)} us")


if __name__ == "__main__":
    main()
