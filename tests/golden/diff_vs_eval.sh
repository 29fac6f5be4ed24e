#!/usr/bin/env bash
# `refundctl diff` agrees with deciding each policy on its own: on a held-out order set (a seed
# no golden uses, 3% broken lines), diff rules/cloud-cn against rules/cloud-hourly (once
# sequentially, once with --jobs 3) and compare the JSON report's records, outcome matrix
# (orders and money per cell), routes and refund totals with the same figures counted from two
# independent `refundctl eval` runs, and its counts of orders that became invalid or valid with the
# lines only one eval refused. Also: `eval --jobs 3` writes the same bytes as `eval`. The order set
# has invalid lines, so diff exits 1 (bad input) with the whole report.
set -uo pipefail
refundctl=${1:?usage: diff_vs_eval.sh path/to/refundctl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$refundctl" gen --count 1500 --seed 20260917 --invalid-rate 0.03 --profile samples/profiles/cloud.yaml >"$work/orders.jsonl" || exit 1
"$refundctl" eval --policy rules/cloud-cn "$work/orders.jsonl" >"$work/base.jsonl"
"$refundctl" eval --policy rules/cloud-hourly "$work/orders.jsonl" >"$work/candidate.jsonl"
"$refundctl" eval --jobs 3 --policy rules/cloud-cn "$work/orders.jsonl" >"$work/base-jobs.jsonl"
status=0
cmp -s "$work/base.jsonl" "$work/base-jobs.jsonl" || { echo "FAIL: eval --jobs 3 output differs from eval" >&2; status=1; }
"$refundctl" diff --base rules/cloud-cn --candidate rules/cloud-hourly --format json "$work/orders.jsonl" >"$work/diff.json"
rc=$?; [ $rc = 1 ] || { echo "FAIL: diff over invalid lines exited $rc, expected 1" >&2; exit 1; }
"$refundctl" diff --jobs 3 --base rules/cloud-cn --candidate rules/cloud-hourly --format json "$work/orders.jsonl" >"$work/diff-jobs.json"
rc=$?; [ $rc = 1 ] || { echo "FAIL: diff --jobs 3 over invalid lines exited $rc, expected 1" >&2; exit 1; }
cmp -s "$work/diff.json" "$work/diff-jobs.json" || { echo "FAIL: diff --jobs 3 report differs from diff" >&2; status=1; }
python3 - "$work/base.jsonl" "$work/candidate.jsonl" "$work/diff.json" <<'PY' || status=1
import json, sys
from collections import Counter, defaultdict
from decimal import Decimal

base = [json.loads(l) for l in open(sys.argv[1])]
cand = [json.loads(l) for l in open(sys.argv[2])]
report = json.load(open(sys.argv[3]))
assert len(base) == len(cand), "the two eval runs decided different numbers of lines"

cells, routes = Counter(), Counter()
money = defaultdict(lambda: [Decimal(0), Decimal(0)])   # (base, candidate) -> refunded sums
totals = [Decimal(0), Decimal(0)]
invalid = became_invalid = became_valid = 0
for b, c in zip(base, cand):
    if "error" in b or "error" in c:
        invalid += 1
        became_invalid += "error" in c and "error" not in b
        became_valid += "error" in b and "error" not in c
        continue
    key = (b["outcome"], c["outcome"])
    cells[key] += 1
    money[key][0] += Decimal(b["refund"]["total"])
    money[key][1] += Decimal(c["refund"]["total"])
    totals[0] += Decimal(b["refund"]["total"])
    totals[1] += Decimal(c["refund"]["total"])
    routes[f'{b["route"]}_to_{c["route"]}'] += 1

def amount(amounts):   # {"CNY": "123.45"} -> Decimal; every order of the profile is in CNY
    assert set(amounts) <= {"CNY"}, amounts
    return Decimal(amounts.get("CNY", "0"))

problems = []
def expect(what, got, want):
    if got != want: problems.append(f"{what}: diff says {got}, eval says {want}")

expect("records read", report["orders"]["read"], len(base))
expect("invalid records", report["orders"]["invalid"], invalid)
expect("became invalid", report["orders"]["became_invalid"], became_invalid)
expect("became valid", report["orders"]["became_valid"], became_valid)
expect("valid records", report["orders"]["unchanged"] + report["orders"]["changed"], len(base) - invalid)
seen = set()
for cell in report["outcomes"]:
    key = (cell["base"], cell["candidate"]); seen.add(key)
    expect(f"orders {key}", cell["orders"], cells[key])
    expect(f"base refund {key}", amount(cell["base_refund"]), money[key][0])
    expect(f"candidate refund {key}", amount(cell["candidate_refund"]), money[key][1])
for key in set(cells) - seen: problems.append(f"cell {key} missing from the diff ({cells[key]} orders)")
for name in ("auto_to_auto", "auto_to_review", "review_to_auto", "review_to_review"):
    expect(f"route {name}", report["routes"][name], routes[name])
expect("base refund total", amount(report["refunded"]["base"]), totals[0])
expect("candidate refund total", amount(report["refunded"]["candidate"]), totals[1])
if len(cells) < 3: problems.append(f"the order set is too uniform to test anything: {dict(cells)}")
for p in problems: print("FAIL:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
[ $status = 0 ] && echo "diff agrees with independent evals: ok"
exit $status
