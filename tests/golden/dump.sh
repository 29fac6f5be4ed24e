#!/usr/bin/env bash
# Golden evaluation trees: `refundctl check --dump` of each shipped policy, compared with
# tests/golden/dump/<policy>.expected. REFUND_UPDATE_GOLDEN=1 rewrites them (review the diff!).
set -uo pipefail
refundctl=${1:?usage: dump.sh path/to/refundctl}
status=0
for dir in rules/*/; do
  policy=$(basename "$dir")
  expected=tests/golden/dump/$policy.expected
  actual=$(mktemp)
  "$refundctl" check --dump "rules/$policy" >"$actual" 2>/dev/null || { echo "FAIL: $policy does not check clean" >&2; status=1; }
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$actual" "$expected"
  elif ! diff -u "$expected" "$actual"; then
    echo "FAIL: the tree of $policy differs from $expected" >&2
    status=1
  fi
  rm -f "$actual"
done
[ $status = 0 ] && echo "dump goldens: ok"
exit $status
