#!/usr/bin/env bash
# Golden test of `refundctl test` on the fixture policy tests/golden/test_command/policy, whose
# cases.yaml has one right case and one deliberately wrong one, and whose rule
# `domain-not-refundable` no case reaches:
#   - the wrong expectation fails with a field-by-field expected/actual report and exit 1;
#   - `--coverage` lists the unreached rule with its file:line (coverage.expected);
#   - `--require-full-coverage` turns that gap into exit 1, even when every case passes;
#   - `--update` (in a temporary copy) rewrites only the differing expected fields
#     (updated-cases.expected), after which the cases pass.
# Run from the repo root with the refundctl path as $1; REFUND_UPDATE_GOLDEN=1 rewrites the
# expected files instead of comparing (review the diff!).
set -u
refundctl=${1:?usage: tests/golden/test_command.sh path/to/refundctl}
dir=tests/golden/test_command
policy=$dir/policy
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; failed=1; }
# golden NAME ACTUAL_FILE: compare with $dir/NAME, or rewrite it under REFUND_UPDATE_GOLDEN=1.
golden() {
  if [ "${REFUND_UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$dir/$1"; return; fi
  diff -u "$dir/$1" "$2" || fail "output differs from $dir/$1"
}

"$refundctl" test --coverage "$policy" >"$tmp/coverage.out"
[ $? = 1 ] || fail "a wrong expectation must exit 1"
golden coverage.expected "$tmp/coverage.out"
grep -q '^     outcome: expected no_refund, got full_refund$' "$tmp/coverage.out" || fail "no expected/actual line for outcome"
grep -q '^  not reached: rule domain-not-refundable  tests/golden/test_command/policy/policy.yaml:20$' "$tmp/coverage.out" ||
  fail "--coverage does not list the unreached rule with its file:line"
[ "$(tail -n 1 "$tmp/coverage.out")" = "1 passed, 1 failed" ] || fail "the closing line is not last"

# Only the right case: it passes, and coverage alone does not fail the run ...
"$refundctl" test --coverage --filter "pay-as-you-go" "$policy" >"$tmp/filtered.out"
[ $? = 0 ] || fail "--coverage alone must not fail a passing run"
# ... but --require-full-coverage does, naming the gap.
"$refundctl" test --require-full-coverage --filter "pay-as-you-go" "$policy" >"$tmp/required.out"
[ $? = 1 ] || fail "--require-full-coverage must exit 1 when a rule is not reached"
grep -q 'not reached: rule domain-not-refundable' "$tmp/required.out" || fail "--require-full-coverage does not name the gap"
[ "$(tail -n 1 "$tmp/required.out")" = "1 passed, 0 failed" ] || fail "the closing line is not last under --require-full-coverage"

# --update in a copy: only the differing fields change, then every case passes.
cp -r "$policy" "$tmp/policy"
"$refundctl" test --update "$tmp/policy" >"$tmp/update.out"
grep -q 'updated .*cases.yaml:[0-9]*: an instance gets a full refund of its cash (6 fields)' "$tmp/update.out" ||
  fail "--update does not report what it rewrote"
golden updated-cases.expected "$tmp/policy/tests/cases.yaml"
"$refundctl" test "$tmp/policy" >"$tmp/after.out" || { fail "cases still fail after --update"; cat "$tmp/after.out"; }

[ $failed = 0 ] && echo "test command goldens: ok"
exit $failed
