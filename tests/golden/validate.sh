#!/usr/bin/env bash
# Golden test of `refundctl validate`: every sample order is valid (exit 0), and each broken
# line of samples/invalid-orders.jsonl gets exactly the error record in
# tests/golden/validate/invalid-orders.expected (exit 1). Run from the repo root with the
# refundctl path as $1; REFUND_UPDATE_GOLDEN=1 rewrites the expected file instead of comparing.
set -u
refundctl=${1:?usage: tests/golden/validate.sh path/to/refundctl}
aliases=(--alias prepaid=subscription --alias 包年包月=subscription --alias 预付费=subscription
         --alias postpaid=pay_as_you_go --alias payg=pay_as_you_go --alias 按量付费=pay_as_you_go
         --alias 后付费=pay_as_you_go --alias 资源包=resource_plan)
expected=tests/golden/validate/invalid-orders.expected
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$refundctl" validate --currency CNY "${aliases[@]}" samples/orders.jsonl >"$tmp/valid.out"
status=$?
if [ "$status" -ne 0 ]; then
  echo "FAIL: validate samples/orders.jsonl exited $status, expected 0; invalid lines:"
  grep -v '"ok":true' "$tmp/valid.out"
  failed=1
fi
records=$(wc -l <"$tmp/valid.out")
orders=$(grep -c '[^[:space:]]' samples/orders.jsonl)
if [ "$records" -ne "$orders" ]; then
  echo "FAIL: $records records for $orders orders in samples/orders.jsonl"
  failed=1
fi

"$refundctl" validate --currency CNY "${aliases[@]}" samples/invalid-orders.jsonl >"$tmp/invalid.out"
status=$?
if [ "$status" -ne 1 ]; then
  echo "FAIL: validate samples/invalid-orders.jsonl exited $status, expected 1"
  failed=1
fi
if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/invalid.out" "$expected"
  echo "updated $expected"
elif ! diff -u "$expected" "$tmp/invalid.out"; then
  echo "FAIL: output differs from $expected (REFUND_UPDATE_GOLDEN=1 rewrites it)"
  failed=1
fi

# Array input gives the same verdicts, numbered by index.
{ echo '['; sed '$!s/$/,/' samples/orders.jsonl; echo ']'; } >"$tmp/orders.json"
"$refundctl" validate --currency CNY "${aliases[@]}" - <"$tmp/orders.json" >"$tmp/array.out"
status=$?
if [ "$status" -ne 0 ] || ! diff -q "$tmp/valid.out" "$tmp/array.out" >/dev/null; then
  echo "FAIL: the samples as one JSON array (exit $status) differ from JSON Lines:"
  diff -u "$tmp/valid.out" "$tmp/array.out"
  failed=1
fi

[ "$failed" -eq 0 ] && echo "validate golden: ok"
exit "$failed"
