# The two commands of the README are the contract: `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test test-rust test-ui test-desktop lint bench bench-desktop deps cli ui package fuzz

# Installs what is missing, builds the UI and opens the desktop app on the default store.
run: deps ui
	$(CARGO) run -p dragoman-desktop

# The web UI, built into ui/dist, which the desktop binary embeds at compile time.
ui: ui/node_modules/.package-lock.json
	npm --prefix ui run build

ui/node_modules/.package-lock.json: ui/package-lock.json
	npm --prefix ui ci --no-audit --no-fund

# A .deb of the desktop app (tauri.conf.json at the root), then a check that it
# installs and starts.
# The Tauri CLI is told where the app (the root) and the UI (ui/, where it runs the
# beforeBuildCommand) are, rather than left to guess among the package.json files.
package: deps ui
	TAURI_APP_PATH=$(CURDIR) TAURI_FRONTEND_PATH=$(CURDIR)/ui ./ui/node_modules/.bin/tauri build --bundles deb
	./scripts/check-deb.sh

cli:
	$(CARGO) build -p dragoman-cli

deps:
	./scripts/install-deps.sh

# Every test: unit tests beside the code, end-to-end suites in tests/.
test: lint test-rust test-ui test-desktop

test-rust: deps ui cli
	$(CARGO) test -p dragoman-core -p dragoman-cli -p dragoman-e2e -p dragoman-desktop

test-ui: ui
	npm --prefix ui run check
	npm --prefix ui test

# The real window through tauri-driver and WebKitWebDriver under Xvfb.
test-desktop: deps ui
	./tests/desktop/run.sh

lint: deps ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p dragoman-core -p dragoman-cli -p dragoman-e2e -p dragoman-bench -p dragoman-desktop --all-targets -- -D warnings

# A long fuzzing pass over intake and export (crates/core/tests/fuzz.rs); `make test`
# runs the same properties briefly. FUZZ_CASES cases a property.
FUZZ_CASES ?= 20000
fuzz:
	PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test --release -p dragoman-core --test fuzz

# Benchmarks print ratios against raw baselines measured in the same run; never part of `make test`.
bench:
	$(CARGO) run --release -p dragoman-bench
	$(MAKE) bench-desktop

# Cold start and idle memory of the window against the same binary on an empty page.
bench-desktop: deps ui
	./scripts/bench-desktop.py
