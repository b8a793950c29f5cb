"""Load test (issue 12 §5): N concurrent users for T seconds against a running tokumei on this machine, half on the
public register search, half logged in on the staff case lists (提案の一覧 and 審査の一覧). Each user waits a think
time between requests (uniform 0.5–1.5 × --think seconds; 0 = closed loop at saturation). Prints p50/p95/p99,
errors and throughput, and appends them to docs/benchmarks.md. Loopback only; bounded in time and count.

    python bench/load.py --url http://127.0.0.1:8765 --users 50 --seconds 60 --think 1 \
        --username kumamoto-desk --password tokumei-demo-2026
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import random
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def _login(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/staff/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base}/staff/login/", data=data, headers={"Referer": f"{base}/staff/login/"})
    opener.open(request).read()
    return opener


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--username", default="kumamoto-desk")
    parser.add_argument("--password", default="tokumei-demo-2026")
    parser.add_argument("--database", default="PostgreSQL")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time between a user's requests (s)")
    parser.add_argument("--threads", type=int, default=8, help="the server's thread count (for the report)")
    args = parser.parse_args()
    load_at_start = "/".join(f"{x:.2f}" for x in os.getloadavg())
    if not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback only")
    latencies: dict[str, list[float]] = {"public": [], "staff": []}
    errors: dict[str, int] = {"public": 0, "staff": 0}
    lock = threading.Lock()
    openers = [_login(args.url, args.username, args.password) for _ in range(args.users // 2)]
    deadline = time.monotonic() + args.seconds  # after the logins: the measured window is all load

    def worker(kind: str, opener: urllib.request.OpenerDirector) -> None:
        paths = (
            ["/register/?q=ファイル", "/register/?targets_only=on", "/register/"]
            if kind == "public"
            else ["/staff/proposals/", "/staff/reviews/"]
        )
        rng = random.Random(id(opener))
        i = 0
        while time.monotonic() < deadline:
            if args.think > 0:
                time.sleep(args.think * rng.uniform(0.5, 1.5))
                if time.monotonic() >= deadline:
                    break
            path = urllib.parse.quote(paths[i % len(paths)], safe="/?=&")
            i += 1
            start = time.perf_counter()
            try:
                with opener.open(args.url + path, timeout=30) as response:
                    response.read()
                    ok = response.status == 200 and "/login/" not in response.url
            except Exception:  # noqa: BLE001 - every failure counts as an error
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies[kind].append(elapsed)
                errors[kind] += 0 if ok else 1

    threads = [
        threading.Thread(target=worker, args=("public", urllib.request.build_opener()))
        for _ in range(args.users - len(openers))
    ]
    threads += [threading.Thread(target=worker, args=("staff", o)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = [
        "",
        f"## Load test — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{args.users} concurrent users for {args.seconds:.0f} s against `tokumei serve` (waitress, {args.threads} "
        f"threads, DEBUG off) on {args.database}, client and server on the same machine ({platform.machine()}, "
        f"{os.cpu_count()} cores; load average at start {load_at_start}): half on the public register search, half "
        "logged in on the staff case lists (/staff/proposals/, /staff/reviews/; demo data); each user waits "
        + (
            f"{args.think * 0.5:g}–{args.think * 1.5:g} s (mean {args.think:g} s) between requests."
            if args.think > 0
            else "for nothing between requests (closed loop, saturation)."
        ),
        "",
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, values in latencies.items():
        values.sort()
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0] * 1000] * 99
        lines.append(
            f"| {kind} | {len(values)} | {len(values) / args.seconds:.1f} | {q[49] * 1000:.0f} | {q[94] * 1000:.0f} | "
            f"{q[98] * 1000:.0f} | "
            f"{errors[kind]} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    with DOCS.open("a", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
