#!/usr/bin/env bash
# Files and paths at the edges of refundctl (shared spec cli.md); cli_output.sh has the rest:
#   - every file a policy, its tests or gen read goes through one guarded reader: a FIFO, a link
#     to /dev/zero, a directory or a file past 8 MiB is refused at once, and what a policy names
#     (test files, orders_file) must stay inside the policy directory;
#   - a copy of each shipped policy anywhere runs its own tests (its fixture lives in the policy);
#   - ORDERS may be -, a file, a pipe or a FIFO; anything else, and a POLICY that names nothing to
#     load, exits 2 with one line on stderr; a read failing midway exits 1.
set -uo pipefail
refundctl=${1:?usage: cli_files.sh path/to/refundctl}
source tests/golden/lib/cli_checks.sh

fixture=tests/golden/test_command/policy
orders=samples/orders.jsonl

# --- Test files and orders_file: regular, size-limited, inside the policy directory -------------
policy() {  # a fresh copy of the fixture policy at $tmp/$1, without its cases
  rm -rf "${tmp:?}/$1"
  cp -r "$fixture" "$tmp/$1"
  rm -f "$tmp/$1/tests/cases.yaml"
}
policy zero
ln -s /dev/zero "$tmp/zero/tests/zero.yaml"
run "test file linked to /dev/zero" 1 "$refundctl" test "$tmp/zero"
out_has "test file linked to /dev/zero" "error[T002]: test file \`$tmp/zero/tests/zero.yaml\` is outside the policy directory"

policy fifo
mkfifo "$tmp/fifo/tests/fifo.yaml"
run "test file that is a FIFO" 1 "$refundctl" test "$tmp/fifo"
out_has "test file that is a FIFO" "is a FIFO, not a regular file"

policy big
{ echo "cases:"; head -c $((8 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#'; } >"$tmp/big/tests/big.yaml"
run "test file past 8 MiB" 1 "$refundctl" test "$tmp/big"
out_has "test file past 8 MiB" "is larger than 8 MiB"

policy linked
printf 'cases: []\n' >"$tmp/outside.yaml"
ln -s "$tmp/outside.yaml" "$tmp/linked/tests/outside.yaml"
run "test file linked outside the policy" 1 "$refundctl" test "$tmp/linked"
out_has "test file linked outside the policy" "is outside the policy directory"

policy dirtests
mkdir "$tmp/dirtests/tests/dir.yaml"
run "test file that is a directory" 1 "$refundctl" test "$tmp/dirtests"
out_has "test file that is a directory" "is a directory"

cp "$orders" "$tmp/outside.jsonl"
for named in /etc/passwd ../../outside.jsonl passwd.jsonl zero.jsonl fifo.jsonl; do
  policy of
  ln -s /etc/passwd "$tmp/of/tests/passwd.jsonl"
  ln -s /dev/zero "$tmp/of/tests/zero.jsonl"
  mkfifo "$tmp/of/tests/fifo.jsonl"
  printf 'orders_file: %s\ncases:\n  - {name: x, base: O-1001, expect: {outcome: partial_refund}}\n' "$named" >"$tmp/of/tests/a.yaml"
  run "orders_file $named" 1 "$refundctl" test "$tmp/of"
  out_has "orders_file $named" "error[T002]: orders_file \`$named\`"
done

# The shipped policies' fixtures live inside them: a copy anywhere runs every case.
for shipped in rules/*/; do
  shipped=${shipped%/}
  rm -rf "$tmp/copy"
  cp -r "$shipped" "$tmp/copy"
  run "a copy of $shipped" 0 "$refundctl" test --require-full-coverage "$tmp/copy"
  grep -q ' 0 failed, 0 errors$' "$tmp/out" || fail "a copy of $shipped: $(tail -n 3 "$tmp/out")"
done
cmp -s rules/cloud-cn/tests/orders.jsonl samples/orders.jsonl ||
  fail "rules/cloud-cn/tests/orders.jsonl (the worked examples' orders) differs from samples/orders.jsonl"

# --- gen --profile: a regular file; anything else is a usage error -------------------------------
mkfifo "$tmp/profile.fifo"
for profile in /dev/zero "$tmp/profile.fifo" "$tmp" "$tmp/missing.yaml"; do
  run "gen --profile $profile" 2 "$refundctl" gen --count 1 --seed 1 --profile "$profile"
  err_line "gen --profile $profile" "G001"
done

# --- versions.yaml and version paths go through the same reader ----------------------------------
mkdir -p "$tmp/versioned"
mkfifo "$tmp/versioned/versions.yaml"
run "versions.yaml that is a FIFO" 2 "$refundctl" check "$tmp/versioned"
err_line "versions.yaml that is a FIFO" "is a FIFO, not a regular file"
rm -rf "$tmp/versioned" && mkdir -p "$tmp/versioned" "$tmp/elsewhere"
cp -r "$fixture" "$tmp/elsewhere/v1"
ln -s "$tmp/elsewhere/v1" "$tmp/versioned/v1"
printf 'versions:\n  - {path: v1, effective_from: "2026-01-01T00:00:00+08:00"}\n' >"$tmp/versioned/versions.yaml"
run "a version linked outside the directory" 1 "$refundctl" check "$tmp/versioned"
out_has "a version linked outside the directory" "error[V104]: \`v1\` is outside the policy directory"

# --- ORDERS: -, a file, a pipe or a FIFO; anything else exits 2 with one line --------------------
expected=$("$refundctl" validate "$orders")
mkfifo "$tmp/orders.fifo"
timeout "$limit" sh -c 'cat "$1" >"$2"' _ "$orders" "$tmp/orders.fifo" 2>/dev/null &
got=$(timeout "$limit" "$refundctl" validate "$tmp/orders.fifo") || fail "validate from a FIFO failed"
[ "$got" = "$expected" ] || fail "validate from a FIFO read something else than from the file"
got=$(cat "$orders" | timeout "$limit" "$refundctl" validate /dev/stdin) || fail "validate from a pipe failed"
[ "$got" = "$expected" ] || fail "validate from a pipe read something else than from the file"
got=$(timeout "$limit" "$refundctl" validate - <"$orders") || fail "validate - failed"
[ "$got" = "$expected" ] || fail "validate - read something else than from the file"

for bad in "$tmp" "$tmp/missing.jsonl" /dev/zero; do
  for command in "validate" "eval --policy $fixture" "explain --policy $fixture" \
                 "diff --base $fixture --candidate $fixture"; do
    run "$command $bad" 2 "$refundctl" $command "$bad"
    err_line "$command $bad" "ORDERS \`$bad\`"
    [ ! -s "$tmp/out" ] || fail "$command $bad wrote to stdout"
  done
done
# A read that fails midway (reading /proc/self/mem at 0 is an I/O error) is not a short input.
run "ORDERS that cannot be read to the end" 1 "$refundctl" validate /proc/self/mem
err_line "ORDERS that cannot be read to the end" "cannot read ORDERS \`/proc/self/mem\` to its end: input/output error"
timeout "$limit" "$refundctl" validate - <"$tmp" >"$tmp/out" 2>"$tmp/err"
rc=$?; [ $rc = 2 ] || fail "a directory as standard input exited $rc, expected 2"
err_line "a directory as standard input" "is a directory"

# --- POLICY: missing, a directory without a policy, not a policy file: exit 2, one line ----------
mkdir -p "$tmp/nopolicy"
mkfifo "$tmp/policy.yaml"
for bad in "$tmp/missing" "$tmp/nopolicy" README.md "$tmp/policy.yaml"; do
  for command in "check" "test"; do
    run "$command $bad" 2 "$refundctl" $command "$bad"
    err_line "$command $bad" "$bad"
  done
  for command in "eval --policy" "explain --policy" "diff --candidate $fixture --base"; do
    run "$command $bad" 2 "$refundctl" $command "$bad" "$orders"
    err_line "$command $bad" "$bad"
  done
done
run "diff with a bad candidate" 2 "$refundctl" diff --base "$fixture" --candidate "$tmp/missing" "$orders"
err_line "diff with a bad candidate" "$tmp/missing"
# A broken policy is exit 1, with its diagnostics.
policy broken
printf 'include: [missing.yaml]\n' >>"$tmp/broken/policy.yaml"
run "a policy with a missing include" 1 "$refundctl" eval --policy "$tmp/broken" "$orders"
grep -q 'error\[S011\]' "$tmp/err" || fail "a policy with a missing include: no S011 on stderr"

# Unreadable paths, run as an unprivileged user (root reads anything); skipped without setpriv.
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if command -v setpriv >/dev/null && "${nobody[@]}" "$refundctl" --help >/dev/null 2>&1; then
  chmod 755 "$tmp"
  printf '{}\n' >"$tmp/secret.jsonl" && chmod 000 "$tmp/secret.jsonl"
  run "unreadable ORDERS" 2 "${nobody[@]}" "$refundctl" validate "$tmp/secret.jsonl"
  err_line "unreadable ORDERS" "ORDERS \`$tmp/secret.jsonl\` cannot be read: permission denied"
  rm -rf "$tmp/locked" && cp -r "$fixture" "$tmp/locked" && chmod -R a+rX "$tmp/locked"
  chmod 000 "$tmp/locked/policy.yaml"
  run "unreadable POLICY" 2 "${nobody[@]}" "$refundctl" eval --policy "$tmp/locked" "$tmp/outside.jsonl"
  err_line "unreadable POLICY" "cannot read \`$tmp/locked/policy.yaml\`: permission denied"
  chmod 644 "$tmp/locked/policy.yaml" && chmod 000 "$tmp/locked/tests/cases.yaml"
  run "unreadable test file" 1 "${nobody[@]}" "$refundctl" test "$tmp/locked"
  out_has "unreadable test file" "error[T002]: test file \`$tmp/locked/tests/cases.yaml\` cannot be read: permission denied"
  printf 'include: [more.yaml]\n' >>"$tmp/locked/policy.yaml" && printf 'x: 1\n' >"$tmp/locked/more.yaml"
  chmod 000 "$tmp/locked/more.yaml"
  run "unreadable include" 1 "${nobody[@]}" "$refundctl" check "$tmp/locked"
  out_has "unreadable include" "error[S015]: cannot read \`more.yaml\`: permission denied"
  chmod 700 "$tmp"
fi

[ $status = 0 ] && echo "cli files and paths: ok"
exit $status
