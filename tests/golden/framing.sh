#!/usr/bin/env bash
# Framing and writing at the edges of the contract, through every command that reads orders
# (eval, validate, explain, diff; files and stdin; JSON Lines and arrays): a NUL byte never ends
# a line early, a pretty-printed order is one order, and instants RFC 3339 cannot write (after
# year 9999, offsets with seconds) are written as decisions.md says. Run from the repo root with
# the refundctl path as $1.
set -uo pipefail
refundctl=${1:?usage: framing.sh path/to/refundctl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
valid=$(head -n 1 samples/orders.jsonl)
policy=(--policy rules/cloud-cn)

# The `line` of every error record and `ok` for every other output line, space-separated.
shape() { sed -E 's/^\{"line":([0-9]+),.*"code":"INVALID_ORDER".*/\1/; s/^\{("order_id":"[^"]*"|"line":[0-9]+,"order_id":"[^"]*","ok":true|"summary").*/ok/' | tr '\n' ' '; }

# 1. A NUL byte after a complete object, with or without a second order behind it, never hides
# a line: each physical line gets exactly one answer, the NUL line an error record.
{
  printf '%s\0%s\n' "$valid" "$valid"   # 1 two orders joined by a NUL: one error
  printf '%s\0\n' "$valid"              # 2 a NUL after the order: an error
  printf '\0\n'                         # 3 a line of only a NUL: an error, not blank
  printf '%s\n' "$valid"                # 4 valid
} >"$tmp/nul.jsonl"
expect="1 2 3 ok "
for command in "eval ${policy[*]}" "validate --currency CNY --alias prepaid=subscription" "explain ${policy[*]} --format json"; do
  # shellcheck disable=SC2086
  got=$("$refundctl" $command "$tmp/nul.jsonl" 2>/dev/null | shape)
  [ "$got" = "$expect" ] || fail "$command over NUL lines answered [$got], expected [$expect]"
  # shellcheck disable=SC2086
  got=$("$refundctl" $command - <"$tmp/nul.jsonl" 2>/dev/null | shape)
  [ "$got" = "$expect" ] || fail "$command over NUL lines on stdin answered [$got], expected [$expect]"
done
"$refundctl" eval "${policy[@]}" "$tmp/nul.jsonl" >"$tmp/out" 2>&1
[ $? = 1 ] || fail "eval over NUL lines did not exit 1"
grep -q '"message":"invalid json at byte [0-9]*: syntax error while parsing value - unexpected NUL byte; expected end of input"' "$tmp/out" ||
  fail "the NUL error record does not say where the NUL is: $(head -c 300 "$tmp/out")"
"$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --format json "$tmp/nul.jsonl" >"$tmp/diff" 2>&1
grep -q '"read":4,"invalid":3' "$tmp/diff" || fail "diff over NUL lines: $(head -c 300 "$tmp/diff")"

# An array followed by a NUL is not an array of orders: one error record, never a silent pass.
printf '[%s]\0[%s]\n' "$valid" "$valid" >"$tmp/array.json"
got=$("$refundctl" eval "${policy[@]}" "$tmp/array.json" 2>/dev/null | shape)
[ "$got" = "1 " ] || fail "an array with a NUL after it answered [$got], expected [1 ]"

# 2. A pretty-printed order (a file, or a pipe) is one order, line 1; pretty-printed text that
# is not one JSON value is JSON Lines, one error per line.
printf '%s\n' "$valid" | python3 -m json.tool >"$tmp/pretty.json"
for command in "eval ${policy[*]}" "validate --currency CNY --alias prepaid=subscription"; do
  # shellcheck disable=SC2086
  got=$("$refundctl" $command "$tmp/pretty.json" | shape)
  [ "$got" = "ok " ] || fail "$command over a pretty-printed order answered [$got], expected [ok ]"
  # shellcheck disable=SC2086
  got=$(cat "$tmp/pretty.json" | "$refundctl" $command - | shape)
  [ "$got" = "ok " ] || fail "$command over a pretty-printed order on a pipe answered [$got], expected [ok ]"
done
"$refundctl" explain "${policy[@]}" "$tmp/pretty.json" | grep -q "O-1001" || fail "explain did not read a pretty-printed order"
printf '{\n  "id": "O-1",\n}\n' >"$tmp/not-json.json"
got=$("$refundctl" eval "${policy[@]}" "$tmp/not-json.json" 2>/dev/null | shape)
[ "$got" = "1 2 3 " ] || fail "pretty-printed text that is not json answered [$got], expected [1 2 3 ]"

# 3. A deadline whose local time falls after year 9999 is null in a decision and in an
# explanation's JSON; the text says so instead of printing an impossible date.
late=$(printf '%s\n' "$valid" | sed -E 's/2026-03-0[14]T/9999-12-29T/g; s/2027-03-01T10:05:00/9999-12-31T23:00:00/g')
printf '%s\n' "$late" >"$tmp/late.jsonl"
out=$("$refundctl" eval "${policy[@]}" "$tmp/late.jsonl")
case "$out" in *'"deadline":null'*) ;; *) fail "a deadline after year 9999 is not null: ${out: -200}" ;; esac
case "$out" in *10000*) fail "a decision names year 10000: ${out: -200}" ;; esac
out=$("$refundctl" explain "${policy[@]}" --format json "$tmp/late.jsonl")
case "$out" in *10000*) fail "an explanation names year 10000: $out" ;; esac
for lang in en zh; do
  out=$("$refundctl" explain "${policy[@]}" --trace --lang "$lang" "$tmp/late.jsonl")
  case "$out" in *10000*) fail "the $lang explanation names year 10000" ;; esac
done
"$refundctl" explain "${policy[@]}" "$tmp/late.jsonl" | grep -q "after year 9999" || fail "the text does not say the deadline is after year 9999"

# 4. A deadline in local mean time (Asia/Shanghai before 1901 is +08:05:43) is written with
# the offset truncated to whole minutes and the same instant.
old=$(printf '%s\n' "$valid" | sed -E 's/2026-03-0([14])T/1899-12-2\1T/g; s/2027-03-01T/1900-12-01T/g')
out=$(printf '%s\n' "$old" | "$refundctl" eval "${policy[@]}" -)
deadline=$(printf '%s' "$out" | sed -E 's/.*"deadline":"([^"]*)".*/\1/')
# Paid 1899-12-21 10:05 local: the window ends at local midnight 1899-12-27 (00:00:00+08:05:43).
[ "$deadline" = "1899-12-26T23:59:17+08:05" ] || fail "a local-mean-time deadline is written $deadline, expected 1899-12-26T23:59:17+08:05"
printf '%s\n' "$old" | "$refundctl" explain "${policy[@]}" --format json - | grep -q '+08:05:43' && fail "an explanation writes an offset with seconds"

[ $status = 0 ] && echo "framing and instants at the edges: ok"
exit $status
