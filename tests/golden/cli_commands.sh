#!/usr/bin/env bash
# Commands keeping their word (shared spec cli.md):
#   - `--version` prints version, git revision and build type, exit 0;
#   - `gen` without --profile uses the profile built into the binary, from any directory;
#   - `validate --policy P` checks what `eval` would reject; a bad POLICY exits 2;
#   - `eval ... -` answers each line before waiting for the next: usable as a co-process.
set -uo pipefail
refundctl=$(realpath "${1:?usage: cli_commands.sh path/to/refundctl}")
source tests/golden/lib/cli_checks.sh

# --- --version ------------------------------------------------------------------------------------
run "--version" 0 "$refundctl" --version
grep -qE '^refundctl [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]+|unknown), [A-Za-z]*\)$' "$tmp/out" ||
  fail "--version: stdout is not \`refundctl X.Y.Z (git REV, TYPE)\`: $(head -c 300 "$tmp/out")"

# --- gen: the default profile travels with the binary ---------------------------------------------
here=$PWD
expected=$("$refundctl" gen --count 5 --seed 7 --profile samples/profiles/cloud.yaml)
(cd "$tmp" && timeout "$limit" "$refundctl" gen --count 5 --seed 7 >"$tmp/gen.out" 2>"$tmp/gen.err")
rc=$?
[ $rc = 0 ] || fail "gen from another directory: exited $rc: $(head -c 300 "$tmp/gen.err")"
[ "$(cat "$tmp/gen.out")" = "$expected" ] || fail "gen without --profile differs from gen --profile samples/profiles/cloud.yaml"
cd "$here"

# --- validate --policy: what eval would reject ----------------------------------------------------
# One order in USD (the policy says CNY) and one paid `prepaid` (an alias of subscription) without
# a term (subscription lines need one): valid by the format alone, invalid under the policy.
cat >"$tmp/usd.jsonl" <<'ORDER'
{"id":"O-1001","status":"paid","order_type":"new","payment_type":"subscription","created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"USD","account":{"id":"A-7","channel":"direct","flags":[]},"items":[{"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00","paid":{"cash":"2900.00","voucher":"100.00"},"term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}},{"id":"i-2","product":"ecs","kind":"system_disk","parent":"i-1","list_price":"365.00","paid":{"cash":"365.00"},"term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}},{"id":"i-3","product":"ecs","kind":"image","tags":["marketplace","os_license"],"list_price":"200.00","paid":{"cash":"200.00"},"term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}}],"request":{"id":"R-1","at":"2026-03-04T09:00:00+08:00"},"history":{"refunds":[{"order_id":"O-0990","product":"oss","at":"2026-01-10T12:00:00+08:00","type":"no_reason"}]}}
ORDER
cat >"$tmp/noterm.jsonl" <<'ORDER'
{"id":"O-1001","status":"paid","order_type":"new","payment_type":"prepaid","created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY","account":{"id":"A-7","channel":"direct","flags":[]},"items":[{"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00","paid":{"cash":"2900.00","voucher":"100.00"}},{"id":"i-2","product":"ecs","kind":"system_disk","parent":"i-1","list_price":"365.00","paid":{"cash":"365.00"}},{"id":"i-3","product":"ecs","kind":"image","tags":["marketplace","os_license"],"list_price":"200.00","paid":{"cash":"200.00"}}],"request":{"id":"R-1","at":"2026-03-04T09:00:00+08:00"},"history":{"refunds":[{"order_id":"O-0990","product":"oss","at":"2026-01-10T12:00:00+08:00","type":"no_reason"}]}}
ORDER
for f in usd noterm; do
  run "validate $f without a policy" 0 "$refundctl" validate "$tmp/$f.jsonl"
  timeout "$limit" "$refundctl" eval --policy rules/cloud-cn "$tmp/$f.jsonl" >"$tmp/eval.out" 2>/dev/null
  run "validate --policy $f" 1 "$refundctl" validate --policy rules/cloud-cn "$tmp/$f.jsonl"
  cmp -s "$tmp/out" "$tmp/eval.out" || fail "validate --policy $f: $(cat "$tmp/out") differs from eval's $(cat "$tmp/eval.out")"
done
run "validate --policy and --currency" 2 "$refundctl" validate --policy rules/cloud-cn --currency CNY "$tmp/usd.jsonl"
err_line "validate --policy and --currency" "drop --currency and --alias"
run "validate --policy and --alias" 2 "$refundctl" validate --policy rules/cloud-cn --alias a=subscription "$tmp/usd.jsonl"
run "validate --policy missing" 2 "$refundctl" validate --policy "$tmp/no-such-policy" "$tmp/usd.jsonl"
err_line "validate --policy missing" "not found"
printf 'name: broken\nnot: [valid\n' >"$tmp/broken.yaml"
run "validate --policy that does not compile" 1 "$refundctl" validate --policy "$tmp/broken.yaml" "$tmp/usd.jsonl"
[ -s "$tmp/out" ] && fail "validate --policy that does not compile: printed records: $(head -c 300 "$tmp/out")"
run "validate --help" 0 "$refundctl" validate --help
out_has "validate --help" "Without --policy these checks cannot be made"

# --- eval as a co-process: each order line answered before the next is written --------------------
# Writes one order line, reads its decision line (10 s at most), writes the second, reads again,
# then closes stdin and waits for the exit. Without the flush before a wait for input the first
# read times out (the decision sits in a block buffer; the reader waits for 64 KiB).
coprocess() {  # NAME ARGS...: runs `eval ARGS -` as a co-process over two sample orders
  local name=$1 first second
  shift
  sed -n 1p samples/orders.jsonl >"$tmp/first.jsonl"
  sed -n 2p samples/orders.jsonl >"$tmp/second.jsonl"
  timeout "$limit" "$refundctl" eval --policy rules/cloud-cn "$@" - <"$tmp/first.jsonl" >"$tmp/first.expected"
  timeout "$limit" "$refundctl" eval --policy rules/cloud-cn "$@" - <"$tmp/second.jsonl" >"$tmp/second.expected"
  coproc EVAL { timeout "$limit" "$refundctl" eval --policy rules/cloud-cn "$@" - 2>"$tmp/coproc.err"; }
  local in=${EVAL[1]} out=${EVAL[0]} pid=$EVAL_PID
  cat "$tmp/first.jsonl" >&"$in"
  if ! IFS= read -r -t 10 first <&"$out"; then
    fail "$name: no decision for the first line while stdin stays open"
  elif [ "$first" != "$(cat "$tmp/first.expected")" ]; then
    fail "$name: first decision differs from eval's: $first"
  fi
  cat "$tmp/second.jsonl" >&"$in"
  if ! IFS= read -r -t 10 second <&"$out"; then
    fail "$name: no decision for the second line while stdin stays open"
  elif [ "$second" != "$(cat "$tmp/second.expected")" ]; then
    fail "$name: second decision differs from eval's: $second"
  fi
  exec {in}>&-
  wait "$pid" || fail "$name: exited $?"
}
coprocess "eval as a co-process"
coprocess "eval as a co-process, --jobs 3" --jobs 3
coprocess "eval as a co-process, --line-buffered" --line-buffered

# --- Every command keeps cli.md's exit codes: 0 success, 1 bad input, 2 usage or a bad path ----
good=samples/orders.jsonl
bad=samples/invalid-orders.jsonl
cn=rules/cloud-cn
for cmd in "validate" "eval --policy $cn" "explain --policy $cn" "diff --base $cn --candidate $cn"; do
  run "$cmd on valid orders" 0 "$refundctl" $cmd "$good"
  run "$cmd on invalid orders" 1 "$refundctl" $cmd "$bad"
  run "$cmd with an unknown flag" 2 "$refundctl" $cmd --no-such-flag "$good"
  run "$cmd on a missing ORDERS" 2 "$refundctl" $cmd "$tmp/missing.jsonl"
  err_line "$cmd on a missing ORDERS" "missing.jsonl"
done
run "check on a shipped policy" 0 "$refundctl" check "$cn"
run "check on a broken policy" 1 "$refundctl" check tests/golden/check/p102-missing-currency/policy.yaml
run "check with an unknown flag" 2 "$refundctl" check --no-such-flag "$cn"
run "check on a missing policy" 2 "$refundctl" check "$tmp/nowhere"
run "test on a shipped policy" 0 "$refundctl" test "$cn"
run "test with an unknown flag" 2 "$refundctl" test --no-such-flag "$cn"
run "test on a missing policy" 2 "$refundctl" test "$tmp/nowhere"
run "gen" 0 "$refundctl" gen --count 3 --seed 1
run "gen with an unknown flag" 2 "$refundctl" gen --count 3 --seed 1 --no-such-flag
run "gen without --count" 2 "$refundctl" gen --seed 1
run "gen with a missing --profile" 2 "$refundctl" gen --count 3 --seed 1 --profile "$tmp/missing.yaml"
run "no command" 2 "$refundctl"
run "an unknown command" 2 "$refundctl" frobnicate
run "--help" 0 "$refundctl" --help
for cmd in validate check eval explain test diff gen; do run "$cmd --help" 0 "$refundctl" $cmd --help; done

[ $status = 0 ] && echo "cli commands: ok"
exit $status
