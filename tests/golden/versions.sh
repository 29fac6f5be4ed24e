#!/usr/bin/env bash
# Effective-dated versions (rules/README.md §14) on tests/golden/versions/:
# - cloud-cn-dated checks clean, and every decision of 400 generated orders equals the one its
#   version in force gives on its own (`@2026.1` before 2026-01-01 Shanghai, `@2026.2` after),
#   naming that version in policy.version;
# - diff between its two versions (`dir@2026.1` vs `dir@2026.2`) matches the reviewed Markdown;
# - its `check --dump` shows both versions' trees, each under the date it comes into force;
# - `refundctl test` runs each version's own cases (VERSION/tests) against that version;
# - broken/versions.yaml gives the reviewed diagnostics (file:line:col) and exit 1.
# REFUND_UPDATE_GOLDEN=1 rewrites the expected files (review the diff!).
set -uo pipefail
refundctl=${1:?usage: versions.sh path/to/refundctl}
dir=tests/golden/versions
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
compare() {  # expected actual
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$1"
  elif ! diff -u "$1" "$2"; then echo "FAIL: output differs from $1" >&2; status=1; fi
}
"$refundctl" check "$dir/cloud-cn-dated" 2>"$work/check.txt" || { cat "$work/check.txt" >&2; echo "FAIL: cloud-cn-dated does not check" >&2; status=1; }
"$refundctl" gen --count 400 --seed 5 --profile samples/profiles/cloud.yaml >"$work/orders.jsonl"
"$refundctl" eval --policy "$dir/cloud-cn-dated" "$work/orders.jsonl" >"$work/dated.jsonl"
"$refundctl" eval --policy "$dir/cloud-cn-dated@2026.1" "$work/orders.jsonl" >"$work/v1.jsonl"
"$refundctl" eval --policy "$dir/cloud-cn-dated@2026.2" "$work/orders.jsonl" >"$work/v2.jsonl"
python3 - "$work/orders.jsonl" "$work/dated.jsonl" "$work/v1.jsonl" "$work/v2.jsonl" <<'PY' || status=1
import json, sys
from datetime import datetime, timezone, timedelta
cutoff = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))
orders, dated, v1, v2 = ([l for l in open(p)] for p in sys.argv[1:5])
used, bad = {"2026.1": 0, "2026.2": 0}, 0
for order, d, a, b in zip(orders, dated, v1, v2):
    at = datetime.fromisoformat(json.loads(order)["request"]["at"])
    want, version = (a, "2026.1") if at < cutoff else (b, "2026.2")
    used[version] += 1
    if d != want or json.loads(d)["policy"]["version"] != version:
        bad += 1
        if bad <= 3: print(f"FAIL: order requested {at} not decided by {version}:\n  {d[:200]}", file=sys.stderr)
if min(used.values()) < 20: print(f"FAIL: the orders hardly straddle the cut-over: {used}", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
PY
"$refundctl" diff --base "$dir/cloud-cn-dated@2026.1" --candidate "$dir/cloud-cn-dated@2026.2" --format markdown \
  --max-examples 2 "$work/orders.jsonl" >"$work/diff.md"
compare "$dir/cloud-cn-dated.diff.md" "$work/diff.md"
# `refundctl test` runs each version's own cases against that version alone: 2026.1's case asks
# on 8 Mar 2026, which the dated policy would give to 2026.2, and expects 2026.1's 5-day window.
"$refundctl" test "$dir/cloud-cn-dated" >"$work/test.txt" || { cat "$work/test.txt" >&2; echo "FAIL: the versions' own cases" >&2; status=1; }
[ "$(tail -n 1 "$work/test.txt")" = "2 passed, 0 failed, 0 errors" ] || { echo "FAIL: expected 2 cases, one per version" >&2; status=1; }
# --dump of a versioned policy: every version's tree under the date it comes into force.
"$refundctl" check --dump "$dir/cloud-cn-dated" >"$work/dump.txt" 2>/dev/null || status=1
compare "$dir/cloud-cn-dated.dump.txt" "$work/dump.txt"
"$refundctl" check "$dir/broken" >"$work/broken.txt" 2>&1
rc=$?; [ $rc = 1 ] || { echo "FAIL: check of broken versions exited $rc, expected 1" >&2; status=1; }
compare "$dir/broken.check.txt" "$work/broken.txt"
[ $status = 0 ] && echo "versions goldens: ok"
exit $status
