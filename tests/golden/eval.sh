#!/usr/bin/env bash
# Golden decisions: every sample order under cloud-cn, in English and Chinese, compared with the
# reviewed files in samples/. The policy digest is masked so that a reworded comment does not
# churn the goldens. REFUND_UPDATE_GOLDEN=1 rewrites them (review the diff!).
set -uo pipefail
refundctl=${1:?usage: eval.sh path/to/refundctl}
status=0
mask() { sed -E 's/"digest":"sha256:[0-9a-f]+"/"digest":"sha256:…"/'; }
for lang in en zh; do
  expected=samples/decisions.$lang.jsonl
  actual=$(mktemp)
  "$refundctl" eval --policy rules/cloud-cn --lang "$lang" samples/orders.jsonl | mask >"$actual"
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$actual" "$expected"
  elif ! diff -u "$expected" "$actual"; then
    echo "FAIL: decisions ($lang) differ from $expected" >&2
    status=1
  fi
  rm -f "$actual"
done
# Every non-blank line gets exactly one output line, invalid ones included; exit 1 when any is invalid.
lines=$(grep -cv '^[[:space:]]*$' samples/invalid-orders.jsonl)
out=$("$refundctl" eval --policy rules/cloud-cn samples/invalid-orders.jsonl); rc=$?
[ "$rc" = 1 ] || { echo "FAIL: eval of invalid orders exited $rc, expected 1" >&2; status=1; }
[ "$(printf '%s\n' "$out" | wc -l)" = "$lines" ] || { echo "FAIL: eval answered $(printf '%s\n' "$out" | wc -l) of $lines lines" >&2; status=1; }
[ $status = 0 ] && echo "eval goldens: ok"
exit $status
