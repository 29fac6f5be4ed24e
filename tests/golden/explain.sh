#!/usr/bin/env bash
# Golden explanations: every sample order (samples/orders.jsonl) explained as text under each
# shipped policy in English and Chinese, plus one order as Markdown and as JSON, compared with the
# reviewed files in tests/golden/explain/. Run from the repo root with the refundctl path as $1;
# REFUND_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
set -u
refundctl=${1:?usage: tests/golden/explain.sh path/to/refundctl}
failed=0
cases=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {  # check NAME ARGS...: stdout of `refundctl explain ARGS` against tests/golden/explain/NAME
  local name=$1
  shift
  cases=$((cases + 1))
  "$refundctl" explain "$@" >"$tmp/raw" 2>"$tmp/err"
  local status=$?
  # The policy digest changes with every edit of a policy file; mask it so goldens do not churn.
  sed -E 's/sha256:[0-9a-f]{64}/sha256:…/g' "$tmp/raw" >"$tmp/out"
  if [ "$status" -gt 1 ] || [ -s "$tmp/err" ]; then
    echo "FAIL $name: exit $status; stderr:"
    cat "$tmp/err"
    failed=1
  fi
  local expected="tests/golden/explain/$name"
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$expected"
    echo "updated $expected"
  elif ! diff -u "$expected" "$tmp/out"; then
    echo "FAIL $name: differs from $expected (REFUND_UPDATE_GOLDEN=1 rewrites it)"
    failed=1
  fi
}

for policy in cloud-cn cloud-hourly; do
  for lang in en zh; do
    check "$policy.$lang.txt" --policy "rules/$policy" --lang "$lang" samples/orders.jsonl
  done
done
check cloud-cn.O-1001.en.md --policy rules/cloud-cn --order O-1001 --format markdown samples/orders.jsonl
check cloud-cn.O-1001.zh.json --policy rules/cloud-cn --order O-1001 --lang zh --format json samples/orders.jsonl
check cloud-cn.O-1034.trace.txt --policy rules/cloud-cn --order O-1034 --trace samples/orders.jsonl

[ "$failed" -eq 0 ] && echo "explain golden: ok ($cases cases)"
exit "$failed"
