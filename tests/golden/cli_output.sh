#!/usr/bin/env bash
# Values and output at the edges of refundctl (shared spec cli.md); cli_files.sh has the paths:
#   - --jobs and the other whole numbers are checked against their range (exit 2), and threads
#     the system refuses do not abort the run;
#   - every command checks its writes: exit 1 with one line on a full disk, and a closed pipe
#     stops it promptly, with or without SIGPIPE;
#   - diff counts orders that became invalid or valid as changes and exits 1 on invalid lines;
#   - test --update keeps the old file when its rewrite fails.
set -uo pipefail
refundctl=${1:?usage: cli_output.sh path/to/refundctl}
source tests/golden/lib/cli_checks.sh

fixture=tests/golden/test_command/policy
orders=samples/orders.jsonl

# --- --jobs and other whole numbers: out of range exits 2 naming the range -----------------------
for jobs in 0 257 5000 -1 1.5 abc 99999999999999999999; do
  run "eval --jobs $jobs" 2 "$refundctl" eval --jobs "$jobs" --policy rules/cloud-cn "$orders"
  grep -qF "from 1 to 256" "$tmp/err" || fail "eval --jobs $jobs: the range is not named"
done
for jobs in 0 257 5000; do
  run "diff --jobs $jobs" 2 "$refundctl" diff --jobs "$jobs" --base rules/cloud-cn --candidate rules/cloud-cn "$orders"
  grep -qF "from 1 to 256" "$tmp/err" || fail "diff --jobs $jobs: the range is not named"
done
run "eval --jobs 256" 0 "$refundctl" eval --jobs 256 --policy rules/cloud-cn "$orders"
cmp -s "$tmp/out" <("$refundctl" eval --policy rules/cloud-cn "$orders") || fail "eval --jobs 256 decided otherwise"
# When the system refuses threads (here: 256 thread stacks do not fit in the address space), the
# run goes on with fewer and decides the same. Skipped where the limit stops refundctl itself
# (a sanitizer's shadow memory).
probe=$( (ulimit -v 400000; "$refundctl" eval --policy rules/cloud-cn "$orders" >/dev/null 2>&1; echo $?) 2>/dev/null)
if [ "$probe" = 0 ]; then
  (ulimit -v 400000; timeout "$limit" "$refundctl" eval --jobs 256 --policy rules/cloud-cn "$orders" >"$tmp/out" 2>"$tmp/err")
  rc=$?; [ $rc = 0 ] || fail "eval --jobs 256 with threads refused exited $rc: $(head -c 300 "$tmp/err")"
  cmp -s "$tmp/out" <("$refundctl" eval --policy rules/cloud-cn "$orders") || fail "eval --jobs 256 with threads refused decided otherwise"
fi

numbers=(
  "gen --seed 1 --count -1"  "gen --seed 1 --count 1000000000001"  "gen --seed 1 --count 1e3"
  "gen --count 1 --seed -1"  "gen --count 1 --seed 18446744073709551616"
  "diff --base rules/cloud-cn --candidate rules/cloud-cn --max-examples 1001 $orders"
  "diff --base rules/cloud-cn --candidate rules/cloud-cn --max-examples -1 $orders"
  "explain --policy rules/cloud-cn --width 19 $orders"  "explain --policy rules/cloud-cn --width 1001 $orders"
)
for args in "${numbers[@]}"; do
  run "$args" 2 "$refundctl" $args
  grep -qF "must be a whole number from" "$tmp/err" || fail "$args: the range is not named: $(head -c 300 "$tmp/err")"
done
run "gen --invalid-rate 1.5" 2 "$refundctl" gen --count 1 --seed 1 --invalid-rate 1.5
run "the largest seed" 0 "$refundctl" gen --count 1 --seed 18446744073709551615
run "explain --width 20" 0 "$refundctl" explain --policy rules/cloud-cn --order O-1001 --width 20 "$orders"

# --- Writes: a full disk is exit 1 with one line, for every command -----------------------------
writers=(
  "validate $orders"  "eval --policy rules/cloud-cn $orders"  "explain --policy rules/cloud-cn $orders"
  "diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate $orders"  "gen --count 10 --seed 1"
  "test rules/cloud-cn"  "check --format json --dump rules/cloud-cn"  "eval --help"
)
for args in "${writers[@]}"; do
  timeout "$limit" "$refundctl" $args >/dev/full 2>"$tmp/err" </dev/null
  rc=$?; [ $rc = 1 ] || fail "$args >/dev/full exited $rc, expected 1"
  err_line "$args >/dev/full" "cannot write to standard output: no space left on device"
done

# A reader that goes away: the default SIGPIPE ends the run at once; with SIGPIPE ignored the
# failed write stops it with one line and exit 1. `yes` feeds the order readers forever.
valid=$(head -n 1 "$orders")
timeout "$limit" "$refundctl" gen --count 100000000 --seed 1 | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}; [ "$rc" != 124 ] || fail "gen | head -1 did not end the run"
for args in "gen --count 100000000 --seed 1" "validate -" "explain --policy rules/cloud-cn -" "eval --policy rules/cloud-cn -"; do
  yes "$valid" | (trap '' PIPE; timeout "$limit" "$refundctl" $args 2>"$tmp/err"; echo $? >"$tmp/rc") | head -n 1 >/dev/null
  [ "$(cat "$tmp/rc")" = 1 ] || fail "$args with SIGPIPE ignored into a closed pipe exited $(cat "$tmp/rc"), expected 1"
  err_line "$args with SIGPIPE ignored" "cannot write to standard output: broken pipe"
done

# --- diff: an order valid under one policy only is a change; invalid lines exit 1 ----------------
rm -rf "$tmp/usd" && cp -r rules/cloud-cn "$tmp/usd"
sed -i 's/^  currency: CNY$/  currency: USD/' "$tmp/usd/policy.yaml"
for format in text json markdown html; do
  run "diff to a policy refusing every order ($format)" 1 \
    "$refundctl" diff --fail-on-change --format $format --base rules/cloud-cn --candidate "$tmp/usd" "$orders"
  grep -qiE 'became.invalid' "$tmp/out" || fail "diff --format $format does not count the orders that became invalid"
  if grep -q 'no decision changed$' "$tmp/out"; then fail "diff --format $format says no decision changed"; fi
done
"$refundctl" diff --format json --base rules/cloud-cn --candidate "$tmp/usd" "$orders" >"$tmp/out"
grep -q '"invalid":44,"became_invalid":44,"became_valid":0' "$tmp/out" || fail "diff json does not count 44 orders that became invalid"
"$refundctl" diff --format json --base "$tmp/usd" --candidate rules/cloud-cn "$orders" >"$tmp/out"
grep -q '"invalid":44,"became_invalid":0,"became_valid":44' "$tmp/out" || fail "diff json does not count 44 orders that became valid"
run "diff over an invalid line" 1 "$refundctl" diff --base rules/cloud-cn --candidate rules/cloud-cn samples/invalid-orders.jsonl
out_has "diff over an invalid line" "invalid"

# --- test --update: a failed rewrite keeps the old file -----------------------------------------
rm -rf "$tmp/update" && cp -r "$fixture" "$tmp/update"
cp "$tmp/update/tests/cases.yaml" "$tmp/cases.before"
# A 1 KiB file size limit: the rewrite of cases.yaml (over 1 KiB) fails; output goes to a pipe.
(ulimit -f 1; timeout "$limit" "$refundctl" test --update "$tmp/update" 2>&1; echo "rc=$?") | cat >"$tmp/out"
grep -q '^rc=1$' "$tmp/out" || fail "test --update with a failing write: $(tail -n 1 "$tmp/out")"
out_has "test --update with a failing write" "error[T002]: cannot write"
cmp -s "$tmp/update/tests/cases.yaml" "$tmp/cases.before" || fail "a failed --update changed the test file"
[ "$(ls -A "$tmp/update/tests")" = cases.yaml ] || fail "a failed --update left files behind: $(ls -A "$tmp/update/tests")"

[ $status = 0 ] && echo "cli values and output: ok"
exit $status
