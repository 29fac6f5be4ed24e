#!/usr/bin/env bash
# `make bench`: engine micro-benchmarks, then refundctl end to end; prints one table and rewrites
# the measured section of BENCHMARKS.md (tools/bench/report.py). Run from the repository root:
#   tools/bench/run.sh BUILD_DIR
# Sizes (environment): BENCH_ORDERS (pre-parsed orders per eval benchmark, default 20000),
# E2E_SMALL / E2E_LARGE (orders for `refundctl eval`, default 100000 / 1000000), DIFF_ORDERS
# (orders for `refundctl diff`, default 500000; 0 skips it). Defaults keep `make bench` from a
# clean clone under five minutes on 2 cores; the issue's 2M-order figures: E2E_LARGE=2000000.
# BENCH_NOTRACE=1 also builds BUILD_DIR-notrace with the trace compiled out (cmake
# -DREFUND_TRACE=OFF, a few more minutes) and compares the default evaluation with it.
# A shared machine only ever slows a run down, so every figure is the best of several runs:
# three repetitions of each engine benchmark, three alternations of the two builds for the trace
# comparison, two runs of each end-to-end command. Needs /usr/bin/time and python3.
set -euo pipefail

build=${1:-build}
refundctl="$build/refundctl"
bench_orders=${BENCH_ORDERS:-20000}
e2e_small=${E2E_SMALL:-100000}
e2e_large=${E2E_LARGE:-1000000}
diff_orders=${DIFF_ORDERS:-500000}
work=$(mktemp -d "${TMPDIR:-/tmp}/refund-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

tools/bench/make_variant_policy.py "$work/variants" 1000

echo "== engine (bench_engine, $bench_orders generated orders, one thread)" >&2
"$build/bench_engine" --orders "$bench_orders" --variants "$work/variants" --benchmark_repetitions=3 \
  --benchmark_min_time=0.3 --benchmark_out="$work/engine.json" --benchmark_out_format=json >&2

notrace_json=()
if [ "${BENCH_NOTRACE:-0}" = 1 ]; then
  echo "== engine with the trace compiled out ($build-notrace)" >&2
  cmake -S . -B "$build-notrace" -DCMAKE_BUILD_TYPE=Release -DREFUND_TRACE=OFF >/dev/null
  cmake --build "$build-notrace" -j "$(nproc)" --target bench_engine >/dev/null
  # The two builds in turn, three times, so that both are measured under the same load.
  for round in 1 2 3; do
    for b in notrace traced; do
      dir=$build; [ "$b" = notrace ] && dir=$build-notrace
      "$dir/bench_engine" --orders "$bench_orders" --benchmark_filter='^eval/.*/default$' \
        --benchmark_min_time=0.3 --benchmark_out="$work/$b$round.json" --benchmark_out_format=json >&2
    done
  done
  notrace_json=("$work/notrace1.json,$work/notrace2.json,$work/notrace3.json"
                "$work/traced1.json,$work/traced2.json,$work/traced3.json")
fi

# Two timed runs: NAME ORDERS INPUT_FILE COMMAND...; appends "name orders bytes seconds rss_kb"
# with the faster run's time and the larger peak RSS.
timed() {
  local name=$1 orders=$2 input=$3; shift 3
  local best="" rss_max=0 secs rss
  for run in 1 2; do
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null || true
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$secs; fi
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$orders" "$(stat -c %s "$input")" "$best" "$rss_max" >>"$work/e2e.tsv"
  echo "   $name: ${best}s (best of 2), peak RSS ${rss_max} kB" >&2
}

: >"$work/e2e.tsv"
eval_jobs="1 2"  # until `refundctl eval --jobs` exists, one thread only
"$refundctl" eval --help | grep -q -- --jobs || eval_jobs="1"
for count in "$e2e_small" "$e2e_large"; do
  [ "$count" -gt 0 ] || continue
  echo "== end to end: refundctl eval, $count orders" >&2
  "$refundctl" gen --count "$count" --seed 3 --profile samples/profiles/cloud.yaml >"$work/orders.jsonl"
  for jobs in $eval_jobs; do
    timed "eval --jobs $jobs" "$count" "$work/orders.jsonl" \
      "$refundctl" eval --policy rules/cloud-cn --jobs "$jobs" "$work/orders.jsonl"
  done
  if [ "$count" = "$e2e_small" ] && [ "$eval_jobs" != 1 ]; then  # the output must not depend on --jobs
    "$refundctl" eval --policy rules/cloud-cn --jobs 1 "$work/orders.jsonl" >"$work/jobs1.jsonl" || true
    "$refundctl" eval --policy rules/cloud-cn --jobs 2 "$work/orders.jsonl" >"$work/jobs2.jsonl" || true
    if cmp -s "$work/jobs1.jsonl" "$work/jobs2.jsonl"; then echo identical >"$work/jobs_identical"
    else echo DIFFERENT >"$work/jobs_identical"; fi
  fi
  if [ "$count" = "$e2e_large" ] && [ "$diff_orders" -gt 0 ] && [ "$diff_orders" -le "$count" ]; then
    echo "== end to end: refundctl diff, $diff_orders orders" >&2
    head -n "$diff_orders" "$work/orders.jsonl" >"$work/diff.jsonl"
    rm "$work/orders.jsonl"
    for jobs in 1 2; do
      timed "diff --jobs $jobs" "$diff_orders" "$work/diff.jsonl" \
        "$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --jobs "$jobs" "$work/diff.jsonl"
    done
  fi
done

python3 tools/bench/report.py "$work/engine.json" "$work/e2e.tsv" "$(cat "$work/jobs_identical" 2>/dev/null || echo unchecked)" \
  "make bench (BENCH_ORDERS=$bench_orders E2E_SMALL=$e2e_small E2E_LARGE=$e2e_large DIFF_ORDERS=$diff_orders BENCH_NOTRACE=${BENCH_NOTRACE:-0})" BENCHMARKS.md "${notrace_json[@]}"
