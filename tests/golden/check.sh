#!/usr/bin/env bash
# Golden test of `refundctl check`: each tests/golden/check/<case>/ is a small broken policy
# whose diagnostics (stdout) must equal its expected.txt, and whose exit code must be 1 when
# expected.txt holds an `error[` and 0 when it holds only warnings. The shipped policies must
# check clean: no output, exit 0. Run from the repo root with the refundctl path as $1;
# REFUND_UPDATE_GOLDEN=1 rewrites every expected.txt instead of comparing.
set -u
refundctl=${1:?usage: tests/golden/check.sh path/to/refundctl}
failed=0
cases=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in tests/golden/check/*/; do
  dir=${dir%/}
  name=${dir##*/}
  expected="$dir/expected.txt"
  cases=$((cases + 1))
  "$refundctl" check "$dir" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$expected"
    echo "updated $expected (exit $status)"
    continue
  fi
  if [ ! -f "$expected" ]; then
    echo "FAIL $name: no expected.txt (REFUND_UPDATE_GOLDEN=1 writes it)"
    failed=1
    continue
  fi
  want_status=0
  grep -q 'error\[' "$expected" && want_status=1
  if ! diff -u "$expected" "$tmp/out"; then
    echo "FAIL $name: stdout differs from $expected (REFUND_UPDATE_GOLDEN=1 rewrites it)"
    failed=1
  fi
  if [ "$status" -ne "$want_status" ]; then
    echo "FAIL $name: exit $status, expected $want_status; stderr:"
    cat "$tmp/err"
    failed=1
  fi
done

# The shipped policies have nothing to say.
for policy in rules/cloud-cn rules/cloud-hourly; do
  [ -d "$policy" ] || continue
  "$refundctl" check "$policy" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ "$status" -ne 0 ] || [ -s "$tmp/out" ]; then
    echo "FAIL $policy: exit $status, expected 0 and no diagnostics:"
    cat "$tmp/out"
    failed=1
  fi
done

[ "$failed" -eq 0 ] && echo "check golden: ok ($cases cases)"
exit "$failed"
