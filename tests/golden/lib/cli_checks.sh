# Sourced by the CLI edge scripts (cli_files.sh, cli_output.sh) after `refundctl` is set: a
# scratch directory, a failure count, and checks of one run's exit code, stderr and stdout.
# `timeout` turns a hang into a failure instead of a stuck suite; nothing measures time.
limit=${REFUND_TEST_TIMEOUT:-20}  # seconds before a run counts as hung
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
# run NAME WANT_RC CMD...: runs CMD (stdout to $tmp/out, stderr to $tmp/err, no stdin) under a
# timeout and checks its exit code.
run() {
  local name=$1 want=$2
  shift 2
  timeout "$limit" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local rc=$?
  [ "$rc" = "$want" ] || fail "$name: exited $rc, expected $want; stderr: $(head -c 300 "$tmp/err")"
}
# err_line NAME TEXT: stderr is one line holding TEXT.
err_line() {
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "$1: stderr has $(wc -l <"$tmp/err") lines, expected 1: $(head -c 300 "$tmp/err")"
  grep -qF -- "$2" "$tmp/err" || fail "$1: stderr does not say \`$2\`: $(head -c 300 "$tmp/err")"
}
out_has() { grep -qF -- "$2" "$tmp/out" || fail "$1: stdout does not say \`$2\`: $(head -c 300 "$tmp/out")"; }
