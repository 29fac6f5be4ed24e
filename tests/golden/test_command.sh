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
[ "$(tail -n 1 "$tmp/coverage.out")" = "1 passed, 1 failed, 0 errors" ] || fail "the closing line is not last"

# Only the right case: it passes, and coverage alone does not fail the run ...
"$refundctl" test --coverage --filter "pay-as-you-go" "$policy" >"$tmp/filtered.out"
[ $? = 0 ] || fail "--coverage alone must not fail a passing run"
# ... but --require-full-coverage does, naming the gap.
"$refundctl" test --require-full-coverage --filter "pay-as-you-go" "$policy" >"$tmp/required.out"
[ $? = 1 ] || fail "--require-full-coverage must exit 1 when a rule is not reached"
grep -q 'not reached: rule domain-not-refundable' "$tmp/required.out" || fail "--require-full-coverage does not name the gap"
[ "$(tail -n 1 "$tmp/required.out")" = "1 passed, 0 failed, 0 errors" ] || fail "the closing line is not last under --require-full-coverage"

# --update in a copy: only the differing fields change, then every case passes.
cp -r "$policy" "$tmp/policy"
"$refundctl" test --update "$tmp/policy" >"$tmp/update.out"
grep -q 'updated .*cases.yaml:[0-9]*: an instance gets a full refund of its cash (6 fields)' "$tmp/update.out" ||
  fail "--update does not report what it rewrote"
golden updated-cases.expected "$tmp/policy/tests/cases.yaml"
"$refundctl" test "$tmp/policy" >"$tmp/after.out" || { fail "cases still fail after --update"; cat "$tmp/after.out"; }

# --- The closing line counts errors: a broken case, an unusable orders_file, a policy that does
# not compile each count as one, and any of them exits 1.
# copy_with NAME FILE: a copy of the fixture policy in $tmp/NAME with one more test file (stdin).
copy_with() {
  rm -rf "${tmp:?}/$1"; cp -r "$policy" "$tmp/$1"; cat >"$tmp/$1/tests/$2"
}
copy_with broken zz-broken.yaml <<'YAML'
cases:
  - name: a case whose base order does not exist
    base: nowhere
    expect: {outcome: full_refund}
YAML
"$refundctl" test "$tmp/broken" >"$tmp/broken.out"
[ $? = 1 ] || fail "a broken case must exit 1"
[ "$(tail -n 1 "$tmp/broken.out")" = "1 passed, 1 failed, 1 errors" ] || fail "the closing line hides a broken case: $(tail -n 1 "$tmp/broken.out")"
copy_with orders-missing zz-orders.yaml <<'YAML'
orders_file: missing.jsonl
cases: []
YAML
"$refundctl" test "$tmp/orders-missing" >"$tmp/orders-missing.out"
[ $? = 1 ] || fail "a missing orders_file must exit 1"
[ "$(tail -n 1 "$tmp/orders-missing.out")" = "1 passed, 1 failed, 1 errors" ] || fail "the closing line hides a missing orders_file"
mkdir -p "$tmp/uncompiled/tests"; cp "$policy/tests/cases.yaml" "$tmp/uncompiled/tests/"
printf 'name: broken\nrules: 5\n' >"$tmp/uncompiled/policy.yaml"
"$refundctl" test "$tmp/uncompiled" >"$tmp/uncompiled.out"
[ $? = 1 ] || fail "a policy that does not compile must exit 1"
[ "$(tail -n 1 "$tmp/uncompiled.out")" = "0 passed, 0 failed, 1 errors" ] || fail "the closing line hides a policy that does not compile: $(tail -n 1 "$tmp/uncompiled.out")"

# --- A policy without any test case is an error, unless --allow-empty.
rm -rf "$tmp/empty"; cp -r "$policy" "$tmp/empty"; rm -r "$tmp/empty/tests"
"$refundctl" test "$tmp/empty" >"$tmp/empty.out"
[ $? = 1 ] || fail "a policy without test cases must exit 1"
grep -qF "error: policy \`$tmp/empty\` has no test cases: write them in $tmp/empty/tests/*.yaml" "$tmp/empty.out" ||
  fail "no line names the policy without cases: $(cat "$tmp/empty.out")"
[ "$(tail -n 1 "$tmp/empty.out")" = "0 passed, 0 failed, 1 errors" ] || fail "an empty policy is not counted as an error"
mkdir "$tmp/empty/tests"; printf 'cases: []\n' >"$tmp/empty/tests/none.yaml"
"$refundctl" test "$tmp/empty" >"$tmp/empty2.out"
[ $? = 1 ] || fail "a policy whose test files hold no case must exit 1"
"$refundctl" test --allow-empty "$tmp/empty" >"$tmp/allowed.out" || fail "--allow-empty must let a policy without cases pass"
[ "$(tail -n 1 "$tmp/allowed.out")" = "0 passed, 0 failed, 0 errors" ] || fail "--allow-empty closing line"

# --- Expectations are checked against the decision schema: each misfit is a T003 at its
# file:line:col, counted as an error, never a pass.
{ sed -n '2,16p' "$policy/tests/cases.yaml"; cat <<'YAML'; } | copy_with schema zz-schema.yaml
cases:
  - {name: not a map, base: one-line, expect: 5}
  - {name: refund not a map, base: one-line, expect: {refund: "x"}}
  - {name: refund part not money, base: one-line, expect: {refund: {total: {a: "1.00"}}}}
  - {name: a misspelt field, base: one-line, expect: {outcme: full_refund}}
  - {name: an outcome outside the enum, base: one-line, expect: {outcome: ful_refund}}
  - {name: a route outside the enum, base: one-line, expect: {route: manual}}
  - {name: money as a number, base: one-line, expect: {forfeited: 20}}
  - {name: item money as text, base: one-line, expect: {items: {i-1: {refund: "eighty"}}}}
  - {name: an unknown item field, base: one-line, expect: {items: {i-1: {otcome: full_refund}}}}
  - {name: a score out of range, base: one-line, expect: {score: 101}}
YAML
"$refundctl" test "$tmp/schema" >"$tmp/schema.out"
[ $? = 1 ] || fail "expectations outside the schema must exit 1"
[ "$(tail -n 1 "$tmp/schema.out")" = "1 passed, 1 failed, 10 errors" ] || fail "schema misfits are not errors: $(tail -n 1 "$tmp/schema.out")"
f="$tmp/schema/tests/zz-schema.yaml"
while IFS= read -r want; do
  grep -qF "$f:$want" "$tmp/schema.out" || fail "no diagnostic: $want"
done <<'WANT'
17:47: error[T003]: `expect` must be a map
18:63: error[T003]: `refund` must be a map
19:76: error[T003]: `refund.total` is money: a quoted decimal string like "2850.00", not a map
20:55: error[T003]: unknown decision field `outcme` (did you mean `outcome`?)
21:75: error[T003]: `outcome` must be one of cancel, full_refund, partial_refund, no_refund, not `ful_refund` (did you mean `full_refund`?)
22:70: error[T003]: `route` must be one of auto, review, not `manual`
23:67: error[T003]: `forfeited` is money: a quoted decimal string like "2850.00", not `20` (a number)
24:79: error[T003]: `items.i-1.refund` is money: a quoted decimal string like "2850.00", not `eighty`
25:74: error[T003]: unknown decision field `items.i-1.otcome` (did you mean `outcome`?)
26:66: error[T003]: `score` must be a whole number from 0 to 100
WANT

# --- --update refuses a value shared through a YAML anchor/alias by several cases, naming them,
# and leaves the file as it was.
rm -rf "$tmp/shared"; cp -r "$policy" "$tmp/shared"; rm "$tmp/shared/tests/cases.yaml"
sed -n '1,16p' "$policy/tests/cases.yaml" | sed 's/^    id: O-1$/    id: \&oid O-1/' >"$tmp/shared/tests/shared.yaml"
cat >>"$tmp/shared/tests/shared.yaml" <<'YAML'
cases:
  - name: first case
    base: one-line
    expect: &wrong
      outcome: no_refund
  - name: second case
    base: one-line
    expect: *wrong
  - name: third case shares a scalar
    base: one-line
    expect: {route: &r review}
  - name: fourth case
    base: one-line
    expect: {route: *r}
  - name: fifth case aliases the order's id
    base: one-line
    expect: {request_id: *oid}
YAML
cp "$tmp/shared/tests/shared.yaml" "$tmp/shared.before"
"$refundctl" test --update "$tmp/shared" >"$tmp/shared.out"
cmp -s "$tmp/shared.before" "$tmp/shared/tests/shared.yaml" || { fail "--update rewrote a shared anchor"; diff "$tmp/shared.before" "$tmp/shared/tests/shared.yaml"; }
grep -qF "first case: \`outcome\` is a YAML anchor or alias shared by the cases \`first case\`, \`second case\`" "$tmp/shared.out" ||
  fail "--update does not name the cases sharing an anchor: $(cat "$tmp/shared.out")"
grep -qF "fourth case: \`route\` is a YAML anchor or alias shared by the cases \`third case shares a scalar\`, \`fourth case\`" "$tmp/shared.out" ||
  fail "--update does not name the cases sharing a scalar anchor"
grep -qF "fifth case aliases the order's id: \`request_id\` cannot be rewritten in place" "$tmp/shared.out" ||
  fail "--update does not refuse an alias of a value outside the case's expect"

# --- --format json|junit: one document on stdout (the text report on stderr), every case and
# every error in it, names XML-escaped.
copy_with formats zz-formats.yaml <<'YAML'
cases:
  - name: "a <tricky> & \"quoted\" 'name'\u0001"
    order: {id: O-9}
    expect: {outcome: full_refund}
  - name: a broken case
    base: nowhere
    expect: {outcome: full_refund}
YAML
"$refundctl" test --format json "$tmp/formats" >"$tmp/formats.json" 2>"$tmp/formats.err"
[ $? = 1 ] || fail "--format json must keep the exit code"
grep -q '^1 passed, 2 failed, 1 errors$' "$tmp/formats.err" || fail "--format json: the text report is not on stderr"
python3 - "$tmp/formats.json" <<'PY' || fail "--format json document"
import json, sys
doc = json.load(open(sys.argv[1]))
assert (doc["passed"], doc["failed"], doc["errors"]) == (1, 2, 1), doc
by = {c["name"]: c for c in doc["cases"]}
assert by["pay-as-you-go is not refunded"]["status"] == "passed"
wrong = by["an instance gets a full refund of its cash"]
assert wrong["status"] == "failed" and wrong["line"] == 25 and "outcome: expected no_refund, got full_refund" in wrong["mismatches"], wrong
errors = [c for c in doc["cases"] if c["status"] == "error"]
assert len(errors) == 1 and "unknown base order" in errors[0]["message"] and errors[0]["file"].endswith("zz-formats.yaml"), errors
PY
"$refundctl" test --format junit "$tmp/formats" >"$tmp/formats.xml" 2>/dev/null
[ $? = 1 ] || fail "--format junit must keep the exit code"
python3 - "$tmp/formats.xml" <<'PY' || fail "--format junit document"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and root.get("failures") == "2" and root.get("errors") == "1", root.attrib
cases = root.findall("testsuite/testcase")
assert len(cases) == 4, len(cases)
names = [c.get("name") for c in cases]
assert "a <tricky> & \"quoted\" 'name'?" in names, names
assert sum(1 for c in cases if c.find("failure") is not None) == 2
assert sum(1 for c in cases if c.find("error") is not None) == 1
PY

# --- --policy CANDIDATE BASE: BASE's cases decided by CANDIDATE; each broken expectation by
# case and field, exit 1; an unchanged candidate breaks nothing.
rm -rf "$tmp/candidate"; mkdir "$tmp/candidate"
sed 's/^    code: PAYG$/    code: FULL/' "$policy/policy.yaml" >"$tmp/candidate/policy.yaml"
"$refundctl" test --filter pay-as-you-go --policy "$tmp/candidate" "$policy" >"$tmp/candidate.out"
[ $? = 1 ] || fail "--policy: a candidate that breaks an expectation must exit 1"
grep -qF "FAIL $policy/tests/cases.yaml:18: pay-as-you-go is not refunded" "$tmp/candidate.out" &&
  grep -qF "     reasons: expected [PAYG], got [FULL]" "$tmp/candidate.out" &&
  grep -qF "the candidate \`$tmp/candidate\` breaks 1 case of $policy" "$tmp/candidate.out" ||
  fail "--policy does not list the broken expectation: $(cat "$tmp/candidate.out")"
cp "$policy/policy.yaml" "$tmp/candidate/policy.yaml"
"$refundctl" test --filter pay-as-you-go --policy "$tmp/candidate" "$policy" >"$tmp/same.out" ||
  fail "--policy: an unchanged candidate must pass: $(cat "$tmp/same.out")"

[ $failed = 0 ] && echo "test command goldens: ok"
exit $failed
