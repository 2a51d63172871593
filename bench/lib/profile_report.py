#!/usr/bin/env python3
"""Summarise one bench/profile.sh run.

CPU per request comes from /proc (utime and stime of every JVM thread, before and after the
measured wrk run) divided by the requests wrk completed. With --collapsed, the hottest frames
of the worker threads follow: self time (where the samples land, system calls included) and,
for Sluice's and Netty's own frames, the share of samples under each.
"""
import argparse
import collections
import re


def thread_times(path):
    """thread name -> (utime, stime) in clock ticks, summed over threads of the same name."""
    times = collections.defaultdict(lambda: [0, 0])
    for line in open(path):
        parts = line.split()
        if len(parts) == 3:
            name = re.sub(r"-\d+$", "", parts[0])  # sluice-worker-3-1 and -2 are one pool
            times[name][0] += int(parts[1])
            times[name][1] += int(parts[2])
    return times


def requests_of(wrk_out):
    m = re.search(r"SLUICEBENCH requests=(\d+) duration_us=(\d+)", open(wrk_out).read())
    if not m:
        raise SystemExit(f"no SLUICEBENCH line in {wrk_out}: did wrk run?")
    return int(m.group(1)), int(m.group(2))


def cpu_section(args):
    requests, duration_us = requests_of(args.wrk)
    before, after = thread_times(args.before), thread_times(args.after)
    us_per_tick = 1e6 / args.clk_tck
    rows = []
    for name, (u1, s1) in after.items():
        u0, s0 = before.get(name, (0, 0))
        du, ds = (u1 - u0) * us_per_tick / requests, (s1 - s0) * us_per_tick / requests
        if du + ds > 0:
            rows.append((du + ds, du, ds, name))
    rows.sort(reverse=True)
    out = [f"requests: {requests} in {duration_us / 1e6:.1f} s = {requests * 1e6 / duration_us:.0f} req/s",
           "", "CPU per request, µs (from /proc; a tick is 10 ms, so small threads are coarse):",
           f"{'thread':<28}{'total':>8}{'user':>8}{'system':>8}"]
    for total, du, ds, name in rows:
        out.append(f"{name:<28}{total:8.2f}{du:8.2f}{ds:8.2f}")
    out.append(f"{'(process)':<28}{sum(r[0] for r in rows):8.2f}")
    return out


def profile_section(path, mode, top):
    self_counts, under = collections.Counter(), collections.Counter()
    total = 0
    for line in open(path):
        stack, _, n = line.rstrip().rpartition(" ")
        frames = stack.split(";")
        if not frames[0].startswith("[sluice-worker"):
            continue
        n = int(n)
        total += n
        frames = frames[1:]
        self_counts[frames[-1]] += n
        for f in set(frames):
            if f.startswith(("dev/sluice/", "io/netty/handler/", "io/prometheus/")):
                under[f] += n
    if total == 0:
        return ["", "no worker samples in the profile"]
    unit = "samples" if mode == "cpu" else "allocation samples"
    out = ["", f"worker threads: {total} {unit}", "", f"self ({'where time is spent' if mode == 'cpu' else 'what is allocated'}):"]
    out += [f"{100 * n / total:6.1f}%  {f}" for f, n in self_counts.most_common(top)]
    out += ["", "Sluice, Netty codec and Prometheus frames, by samples under them:"]
    out += [f"{100 * n / total:6.1f}%  {f}" for f, n in under.most_common(top)]
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clk-tck", type=int, required=True)
    p.add_argument("--wrk", required=True)
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p.add_argument("--collapsed")
    p.add_argument("--mode", default="cpu")
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args()
    lines = cpu_section(args)
    if args.collapsed:
        lines += profile_section(args.collapsed, args.mode, args.top)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
