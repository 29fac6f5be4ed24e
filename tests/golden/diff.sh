#!/usr/bin/env bash
# Golden diff report: 300 generated orders (seed 1, 2% broken on purpose) under rules/cloud-cn
# and the demo candidate (no-reason window 5 -> 7 days), as Markdown, compared with the reviewed
# file. Also: a policy against itself reports no change (over orders without broken lines: a
# broken line makes diff exit 1), --fail-on-change exits 1 on a change, and every format exits 1
# over the broken lines with a whole report. REFUND_UPDATE_GOLDEN=1 rewrites the expected file
# (review the diff!).
set -uo pipefail
refundctl=${1:?usage: diff.sh path/to/refundctl}
status=0
orders=$(mktemp)
clean=$(mktemp)
"$refundctl" gen --count 300 --seed 1 --invalid-rate 0.02 --profile samples/profiles/cloud.yaml >"$orders"
"$refundctl" gen --count 300 --seed 1 --profile samples/profiles/cloud.yaml >"$clean"
expected=tests/golden/diff/cloud-cn-candidate.md
actual=$(mktemp)
"$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --format markdown --max-examples 3 "$orders" >"$actual"
if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$expected"
elif ! diff -u "$expected" "$actual"; then
  echo "FAIL: diff report differs from $expected" >&2
  status=1
fi
"$refundctl" diff --base rules/cloud-cn --candidate rules/cloud-cn --fail-on-change "$clean" >/dev/null
rc=$?; [ $rc = 0 ] || { echo "FAIL: self-diff with --fail-on-change exited $rc, expected 0" >&2; status=1; }
"$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --fail-on-change "$clean" >/dev/null
rc=$?; [ $rc = 1 ] || { echo "FAIL: diff with changes and --fail-on-change exited $rc, expected 1" >&2; status=1; }
for format in text json html; do
  "$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --format $format "$orders" >"$actual"
  rc=$?; [ $rc = 1 ] && [ -s "$actual" ] || { echo "FAIL: --format $format over broken lines exited $rc, expected 1 with a report" >&2; status=1; }
done
rm -f "$orders" "$clean" "$actual"
[ $status = 0 ] && echo "diff goldens: ok"
exit $status
