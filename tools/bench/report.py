#!/usr/bin/env python3
"""Turns one `make bench` run into a table (stdout) and the measured section of BENCHMARKS.md.

    report.py ENGINE_JSON E2E_TSV JOBS_IDENTICAL COMMAND BENCHMARKS_MD [NOTRACE_JSONS TRACED_JSONS]

NOTRACE_JSONS, TRACED_JSONS (BENCH_NOTRACE=1): comma-separated runs of the default eval
benchmarks of a build with the trace compiled out and, in turn with them, of this build.
Every figure is the best run: repetitions of a benchmark keep the fastest (noise on a shared
machine only slows a run down).

Only the text between the `bench:begin` and `bench:end` markers is rewritten; the analysis
around it is written by people.
"""
import datetime
import json
import os
import platform
import re
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), {model}, {platform.system()} {platform.release()}; load average at the end: {load}"


def best_runs(paths):
    """Benchmark name -> its fastest run over the files (aggregates such as _mean skipped)."""
    best = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for b in json.load(f)["benchmarks"]:
                if b.get("run_type", "iteration") != "iteration":
                    continue
                name = re.sub(r"/iterations:\d+$", "", b.get("run_name", b["name"]))
                old = best.get(name)
                faster = old is None or (b.get("items_per_second", 0) > old.get("items_per_second", 0)
                                         if "items_per_second" in b else b["cpu_time"] < old["cpu_time"])
                if faster:
                    best[name] = b
    return best


def engine_rows(path):
    by_name = best_runs([path])
    rows = []
    for name, b in by_name.items():
        kind = name.split("/")[0]
        if kind == "compile":
            ms = b["cpu_time"] if b["time_unit"] == "ms" else b["cpu_time"] / 1e6
            rows.append((name, f"{ms:.2f} ms per compile", "", "", ""))
        elif kind in ("eval", "scale"):
            ops = b.get("items_per_second", 0)
            p99 = by_name.get(name.replace("eval/", "latency/", 1), {}).get("p99_ns")
            rows.append((name, f"{ops:,.0f} orders/s", f"{1e9 / ops:,.0f} ns/order" if ops else "",
                         f"p99 {p99 / 1000:.1f} µs" if p99 else "", ""))
        elif kind == "parse":
            ops, rate = b.get("items_per_second", 0), b.get("bytes_per_second", 0)
            rows.append((name, f"{ops:,.0f} orders/s", f"{1e9 / ops:,.0f} ns/order" if ops else "",
                         f"{rate / 1e6:,.1f} MB/s in", ""))
    rate = {n: b.get("items_per_second", 0) for n, b in by_name.items()}
    for policy in sorted({n.split("/")[1] for n in rate if n.startswith("eval/")}):
        default, trace = rate.get(f"eval/{policy}/default"), rate.get(f"eval/{policy}/trace")
        if default and trace:
            rows.append((f"trace vs default ({policy})", f"{default / trace:.2f}× the time per order", "", "", ""))
    scale = {n: b.get("items_per_second", 0) for n, b in by_name.items() if n.startswith("scale/")}
    if scale.get("scale/cloud-cn") and scale.get("scale/cloud-cn-1000-variants"):
        ratio = scale["scale/cloud-cn"] / scale["scale/cloud-cn-1000-variants"]
        rows.append(("scale: variants vs cloud-cn", f"{ratio:.2f}× the time per order", "", "", ""))
    return rows


def notrace_rows(path, traced_json):
    """The default eval rows of a build with the trace compiled out, against this build's."""
    def rates(paths):
        return {n: b.get("items_per_second", 0) for n, b in best_runs(paths.split(",")).items()}
    out, traced = rates(path), rates(traced_json)
    rows = []
    for name, ops in out.items():
        if not name.endswith("/default") or not ops:
            continue
        rows.append((f"{name}, trace compiled out", f"{ops:,.0f} orders/s", f"{1e9 / ops:,.0f} ns/order", "", ""))
        if traced.get(name):
            rows.append((f"trace compiled in but off ({name.split('/')[1]})",
                         f"{ops / traced[name]:.3f}× the time of compiled out", "", "", ""))
    return rows


def e2e_rows(path, identical):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, orders, size, secs, rss = line.rstrip("\n").split("\t")
            orders, size, secs, rss = int(orders), int(size), float(secs), int(rss)
            secs = max(secs, 0.01)
            rows.append((f"{name} ({orders:,} orders, {size / 1e6:,.0f} MB)", f"{orders / secs:,.0f} orders/s",
                         f"{size / 1e6 / secs:,.1f} MB/s in", f"{secs:.2f} s", f"peak RSS {rss / 1024:.1f} MB"))
    rows.append(("eval output --jobs 1 vs --jobs 2", identical, "", "", ""))
    return rows


def table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def main():
    engine_json, e2e_tsv, identical, command, md_path = sys.argv[1:6]
    rows = engine_rows(engine_json)
    if len(sys.argv) > 7:
        rows += notrace_rows(sys.argv[6], sys.argv[7])
    rows += e2e_rows(e2e_tsv, identical)
    text = table(rows)
    print(text)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = (f"{BEGIN}\nMeasured {stamp} by `{command}` on {machine()}.\n\n```\n{text}\n```\n{END}")
    try:
        with open(md_path, encoding="utf-8") as f:
            old = f.read()
    except FileNotFoundError:
        old = f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + section + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()
