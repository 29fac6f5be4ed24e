#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cc) with clang++ straight from the engine
# sources, under AddressSanitizer and UndefinedBehaviorSanitizer, into $FUZZ_BUILD (default
# build-fuzz/), and seeds their corpora from the repository's own inputs. Objects are rebuilt
# only when their source or any header is newer. Usage: tests/fuzz/build.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${FUZZ_BUILD:-build-fuzz}
cxx=${CXX_FUZZ:-clang++}
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
       -fno-sanitize-recover=all -I include -I .)
libs=(-lyaml-cpp -lfmt -ldate-tz -lcrypto)
mkdir -p "$out/obj"

newest_header=$(find include engine -name '*.h' -printf '%T@\n' | sort -n | tail -1)
objects=()
for src in $(find engine -name '*.cc' | sort); do
  obj="$out/obj/$(echo "${src%.cc}" | tr / _).o"
  objects+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
     [ "$(stat -c %Y "$obj")" -lt "${newest_header%.*}" ]; then
    echo "compile $src"
    "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
  fi
done

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_policy fuzz_order fuzz_eval fuzz_structure fuzz_policy_mutation)
for t in "${targets[@]}"; do
  echo "link $out/$t"
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "tests/fuzz/$t.cc" "${objects[@]}" "${libs[@]}" -o "$out/$t"
done

# fuzz_structure reads recipes, not JSON: a few seeded byte strings of each size to start from.
mkdir -p "$out/corpus/fuzz_structure"
for n in 1 2 3 4 5 6 7 8; do
  head -c $((n * 32)) /dev/zero | tr '\0' "\\$(printf '%03o' $((n * 29)))" >"$out/corpus/fuzz_structure/seed-$n"
done

# Seed corpora: one file per sample line, every shipped and broken policy file (fuzz_structure's
# recipes are seeded above).
seed() { mkdir -p "$out/corpus/$1"; }
seed fuzz_order; seed fuzz_eval; seed fuzz_policy; seed fuzz_policy_mutation
for n in 1 2 3 4 5 6 7 8; do printf '%s-seed' "$n" >"$out/corpus/fuzz_policy_mutation/seed-$n"; done
n=0
for f in samples/*.jsonl; do
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" >"$out/corpus/fuzz_order/seed-$n.json"
    printf '%s' "$line" >"$out/corpus/fuzz_eval/seed-$n.json"
  done <"$f"
done
n=0
for f in $(find rules tests/golden/check -name '*.yaml' | sort); do
  n=$((n + 1))
  cp "$f" "$out/corpus/fuzz_policy/seed-$n.yaml"
done
echo "built ${targets[*]} in $out; corpora in $out/corpus"
