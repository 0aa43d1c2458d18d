# The two commands of the README are the contract: `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test test-rust lint bench deps cli

# Until the desktop app lands, `make run` shows the command's help.
run: cli
	./target/debug/dragoman --help

cli:
	$(CARGO) build -p dragoman-cli

deps:
	./scripts/install-deps.sh

# Every test: unit tests beside the code, end-to-end suites in tests/.
test: lint test-rust

test-rust:
	$(CARGO) test -p dragoman-core -p dragoman-cli -p dragoman-e2e

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p dragoman-core -p dragoman-cli -p dragoman-e2e -p dragoman-bench --all-targets -- -D warnings

# Benchmarks print ratios against raw baselines measured in the same run; never part of `make test`.
bench:
	$(CARGO) run --release -p dragoman-bench
