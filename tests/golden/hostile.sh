#!/usr/bin/env bash
# Nothing lost, nothing hangs: `refundctl eval` over a hostile mixed stream answers every
# non-blank line with exactly one line, in order, and exits 1; a reader that goes away
# (`| head -1`) and SIGINT end it promptly without a flood on stderr. README.md "Limits and exit
# codes" documents the behaviour checked here. The 50 MB line is generated, never committed.
set -uo pipefail
refundctl=${1:?usage: hostile.sh path/to/refundctl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
valid=$(head -n 1 samples/orders.jsonl)

# The mixed stream; `expect` holds, per non-blank line, `ok` or the physical line of its error.
{
  printf '\xEF\xBB\xBF%s\n' "$valid"                       # 1 BOM, valid
  printf '\n'                                              # 2 blank
  printf '%s\r\n' "$valid"                                 # 3 CRLF, valid
  printf ' \t\r\n'                                         # 4 white space only
  printf '{"id":"O-T","status":"pa\n'                      # 5 truncated
  printf '{"id":"O-U","reason":"\xC3\x28"}\n'              # 6 invalid utf-8
  printf '{"id":"O-D","id":"O-D"}\n'                       # 7 duplicate key
  printf '[1,2]\n'                                         # 8 not an object
  printf '{"id":"O-N","x":NaN}\n'                          # 9 NaN
  head -c 100000 /dev/zero | tr '\0' '['; printf '\n'      # 10 100k-deep
  printf '{"id":"O-B","pad":"'; head -c 52428800 /dev/zero | tr '\0' 'x'; printf '"}\n'  # 11 50 MB
  printf '%s\n' "$valid"                                   # 12 valid
  printf '%s' "$valid"                                     # 13 valid, no final newline
} >"$tmp/mixed.jsonl"
expect="ok ok 5 6 7 8 9 10 11 ok ok"
out=$("$refundctl" eval --policy rules/cloud-cn "$tmp/mixed.jsonl" 2>"$tmp/err"); rc=$?
[ "$rc" = 1 ] || fail "mixed stream exited $rc, expected 1"
got=$(printf '%s\n' "$out" | sed -E 's/^\{"line":([0-9]+),.*"code":"INVALID_ORDER".*/\1/; s/^\{"order_id":"O-1001".*/ok/' | tr '\n' ' ')
[ "$got" = "$expect " ] || fail "mixed stream answered [$got], expected [$expect ]"
[ ! -s "$tmp/err" ] || fail "mixed stream wrote to stderr: $(head -c 300 "$tmp/err")"

# An endless stream (`yes`): only a closed output or a signal can end the run, and `timeout`
# turns a hang into a failure instead of a stuck suite.
endless() { yes "$valid"; }

# A reader that goes away: the default SIGPIPE ends refundctl at once, silently.
endless | timeout 20 "$refundctl" eval --policy rules/cloud-cn - 2>"$tmp/err" | head -n 1 >"$tmp/first"
rc=${PIPESTATUS[1]}
first=$(cat "$tmp/first")
[ "$rc" != 124 ] || fail "| head -1 did not end the run"
[ "$(printf '%s\n' "$first" | grep -c '^{"order_id":"O-1001".*}$')" = 1 ] || fail "| head -1 did not get one whole line"
[ ! -s "$tmp/err" ] || fail "| head -1 wrote to stderr: $(head -c 300 "$tmp/err")"

# The same with SIGPIPE ignored (as some supervisors start processes): the failed write stops
# the run with one line on stderr and exit 1.
endless | (trap '' PIPE; timeout 20 "$refundctl" eval --policy rules/cloud-cn - 2>"$tmp/err"; echo $? >"$tmp/rc") |
  head -n 1 >/dev/null
[ "$(cat "$tmp/rc")" = 1 ] || fail "with SIGPIPE ignored a closed output exited $(cat "$tmp/rc"), expected 1"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "with SIGPIPE ignored stderr has $(wc -l <"$tmp/err") lines, expected 1"

# SIGINT mid-run ends it promptly. Job control (set -m) gives the background job default SIGINT
# handling; a non-interactive shell would start it with SIGINT ignored.
set -m
endless | "$refundctl" eval --policy rules/cloud-cn - >/dev/null 2>"$tmp/err" &
pid=$!
set +m
sleep 0.5
kill -INT "$pid" 2>/dev/null
start=$(date +%s)
wait "$pid" 2>/dev/null; rc=$?
[ $(( $(date +%s) - start )) -le 3 ] || fail "SIGINT took more than 3 s to end the run"
[ "$rc" = 130 ] || fail "SIGINT run exited $rc, expected 130 (killed by SIGINT)"
[ ! -s "$tmp/err" ] || fail "SIGINT run wrote to stderr: $(head -c 300 "$tmp/err")"

[ $status = 0 ] && echo "hostile streams: ok"
exit $status
