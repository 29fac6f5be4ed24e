# Two commands on a fresh Debian 12 machine: `make run` and `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)
REFUNDCTL = $(BUILD)/refundctl

.PHONY: all bootstrap build test run clean

all: build

bootstrap:
	@tools/bootstrap.sh

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: bootstrap $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The main job: decide every sample order under the shipped policy.
run: build
	@$(REFUNDCTL) validate samples/orders.jsonl

clean:
	rm -rf $(BUILD)
