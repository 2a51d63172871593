#!/usr/bin/env python3
"""Turn an h2load run into the same one-line summary the wrk script prints.

h2stats.py STDOUT_FILE LOG_FILE

h2load prints no percentiles, so latencies come from its --log-file (one line per
finished request: start time in us since epoch, status, us until the response ended).
Percentiles are nearest-rank over every logged request.
"""
import re
import sys


def pct(sorted_vals, p):
    if not sorted_vals:
        return 0
    k = max(0, min(len(sorted_vals) - 1, int(-(-p * len(sorted_vals) // 100)) - 1))
    return sorted_vals[k]


def main():
    out = open(sys.argv[1], errors="replace").read()
    lat, non2xx_log = [], 0
    try:
        with open(sys.argv[2]) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                status, us = int(parts[1]), int(parts[2])
                lat.append(us)
                if status >= 300 or 0 < status < 200:
                    non2xx_log += 1
    except FileNotFoundError:
        pass
    lat.sort()
    m = re.search(r"finished in ([\d.]+)(m?s)", out)
    dur_us = 0
    if m:
        dur_us = float(m.group(1)) * (1000 if m.group(2) == "ms" else 1_000_000)
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                  r"(\d+) failed, (\d+) errored, (\d+) timeout", out)
    done = failed = timeout = 0
    if m:
        done, failed, timeout = int(m.group(3)), int(m.group(5)), int(m.group(7))
    m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    non2xx = non2xx_log
    if m:
        non2xx = max(non2xx, int(m.group(2)) + int(m.group(3)) + int(m.group(4)))
    # h2load counts 4xx/5xx answers as "failed" too; what is left are transport failures.
    errors = max(0, failed - non2xx) + timeout
    print(f"SLUICEBENCH requests={done} duration_us={int(dur_us)} p50_us={pct(lat, 50)} "
          f"p99_us={pct(lat, 99)} p999_us={pct(lat, 99.9)} non2xx={non2xx} errors={errors}")


if __name__ == "__main__":
    main()
