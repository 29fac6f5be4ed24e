# Two commands on a fresh Debian 12 machine: `make run` and `make test`.
# Quiet nested makes (CMake's) so `make run` shows the decisions, not directory changes.
MAKEFLAGS += --no-print-directory
BUILD ?= build
JOBS  ?= $(shell nproc)
REFUNDCTL = $(BUILD)/refundctl

.PHONY: all bootstrap build test test-sanitize test-browser fuzz bench run clean

all: build

bootstrap:
	@tools/bootstrap.sh

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: bootstrap $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer (Debug build), less
# the tests labelled `slow` (big inputs that the Release pass of `make test` already runs).
test-sanitize: bootstrap
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	@cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -LE slow

# The demo's HTML diff report rendered by headless Chromium (installed when missing); the
# screenshot (build-browser/diff.png) must be a 1200x900 PNG that is not blank.
test-browser: build
	@tools/bootstrap.sh browser
	@tests/browser/screenshot.sh $(REFUNDCTL)

# libFuzzer targets (tests/fuzz/) under ASan+UBSan with clang++, each for FUZZ_SECONDS, one at a
# time; crashes land in build-fuzz/ as crash-* files (rerun one: build-fuzz/fuzz_eval crash-...).
FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/build.sh
	@for t in fuzz_policy fuzz_order fuzz_eval fuzz_structure fuzz_policy_mutation; do \
	  echo "== $$t for $(FUZZ_SECONDS)s"; \
	  build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 \
	    -artifact_prefix=build-fuzz/ build-fuzz/corpus/$$t || exit 1; \
	done

# Benchmarks (tools/bench/run.sh): engine micro-benchmarks and refundctl end to end, one table,
# and the measured section of BENCHMARKS.md rewritten. 2M orders: E2E_LARGE=2000000 make bench;
# BENCH_NOTRACE=1 also builds build-notrace (trace compiled out) to measure the trace hooks.
bench: $(BUILD)/CMakeCache.txt
	@tools/bootstrap.sh bench
	@cmake -S . -B $(BUILD) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target refundctl bench_engine
	@tools/bench/run.sh $(BUILD)

# The main job: decide every sample order under the shipped policy, as a table, then one
# interesting decision in full.
run: build
	@$(REFUNDCTL) eval --policy rules/cloud-cn --format table samples/orders.jsonl
	@echo
	@echo "O-1001 in full (decisions.md's example):"
	@head -n 1 samples/orders.jsonl | $(REFUNDCTL) eval --policy rules/cloud-cn

clean:
	rm -rf $(BUILD) build-sanitize
