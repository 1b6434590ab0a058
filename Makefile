# initlab's two commands:
#   make serve   set up, build the wasm core and the page's vendored libraries, serve www/
#   make test    the same set-up plus a Chromium, then every test suite with a summary
#   make test-torch   the generated scripts checked in PyTorch (installs it once)
# Set-up installs only what is missing: the wasm32 target, wasm-bindgen-cli at the version
# Cargo.toml pins, node_modules from package-lock.json (and, for tests, Debian's chromium).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PORT ?= 8000
TARGET := wasm32-unknown-unknown
# Must equal the `wasm-bindgen = "=..."` pin in Cargo.toml: the CLI and the crate must agree.
WASM_BINDGEN_VERSION := 0.2.130
# The cargo-deny that `make test` checks the dependency rules (deny.toml) with.
CARGO_DENY_VERSION := 0.20.2

# `cargo install` puts wasm-bindgen here; make sure this make finds what it just installed.
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

# SIMD (+simd128) comes from .cargo/config.toml, so wasm tests build the same code.
# Two builds of the core: the page's (no code generation) and the full one (the Keras and
# PyTorch script generators too), which the page fetches only when a script is asked for. The
# full build has a target directory of its own, so neither build undoes the other's.
WASM := target/$(TARGET)/release/initlab.wasm
WASM_FULL := target/full/$(TARGET)/release/initlab.wasm
# The scalar builds, for browsers without wasm SIMD (www/features.js picks them only there):
# the same two builds with simd128 off, each in a target directory of its own; same bits.
SCALAR_WASM := target/scalar/$(TARGET)/release/initlab.wasm
SCALAR_WASM_FULL := target/full-scalar/$(TARGET)/release/initlab.wasm
NO_SIMD := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-simd128"
PKG := www/pkg/initlab.js www/pkg/initlab_bg.wasm www/pkg/initlab_scalar_bg.wasm
PKG_FULL := www/pkg/initlab_full.js www/pkg/initlab_full_bg.wasm www/pkg/initlab_full_scalar_bg.wasm
BINDGEN := wasm-bindgen --target web --remove-name-section --remove-producers-section
VENDOR := www/vendor/uPlot.esm.js www/vendor/uPlot.min.css
# Data the page fetches when a run needs it (the wasm build does not carry the digit images).
DATA := www/data/digits.bin
NODE_MODULES := node_modules/.package-lock.json

.PHONY: serve test test-torch build setup wasm-target wasm-bindgen-cli cargo-deny clean

## serve: build everything, then serve www/ on http://127.0.0.1:$(PORT)/
serve: build
	@PORT=$(PORT) exec node tools/serve.mjs www

## test: set up, find or install Chromium, run every suite, print the counts. The e2e suite
## builds www/pkg itself, so a core that fails to build for wasm still lets the others run.
## Without a Chromium, ensure-chromium.sh says what to install; the e2e suite then fails
## with the same advice while the other suites still run. ensure-engines.sh then installs what
## the cross-engine suite needs (Firefox ESR, WebKitGTK's driver, chromedriver, Xvfb,
## geckodriver) when missing, or says what to install.
test: setup cargo-deny $(VENDOR) $(DATA)
	@export CHROMIUM="$$(bash tools/ensure-chromium.sh || true)"; \
	  bash tools/ensure-engines.sh; \
	  bash tools/run-tests.sh

## test-torch: the real-library suite against PyTorch: the generated PyTorch scripts, and the
## Keras scripts on Keras's PyTorch backend, checked against the core's numbers; installs
## PyTorch (CPU) into the suite's venv, target/python/venv, when missing
test-torch:
	@mkdir -p target/test-logs
	@bash tools/python-suite.sh torch target/test-logs/torch.results; rc=$$?; \
	  awk '/^pass/ { p++ } /^fail/ { f++ } END { printf "test-torch: %d passed, %d failed\n", p, f }' \
	    target/test-logs/torch.results; exit $$rc

## build: the wasm core with its JS bindings in www/pkg (the page's build, initlab, and the
## full one with the script generators, initlab_full), vendored libraries in www/vendor, and
## the data files the page fetches in www/data
build: $(PKG) $(PKG_FULL) $(VENDOR) $(DATA)

setup: wasm-target wasm-bindgen-cli $(NODE_MODULES)

wasm-target:
	@if [[ ! -d "$$(rustc --print sysroot)/lib/rustlib/$(TARGET)" ]]; then \
	  echo "Adding the $(TARGET) Rust target"; \
	  rustup target add $(TARGET); \
	fi

wasm-bindgen-cli:
	@if [[ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# A failed install is not fatal here: the deps suite then fails and says so, the others run.
cargo-deny:
	@if [[ "$$(cargo deny --version 2>/dev/null)" != "cargo-deny $(CARGO_DENY_VERSION)" ]]; then \
	  echo "Installing cargo-deny $(CARGO_DENY_VERSION) (a few minutes, once)"; \
	  cargo install cargo-deny --version $(CARGO_DENY_VERSION) --locked || \
	    echo "cargo-deny could not be installed: the deps suite will fail"; \
	fi

# npm writes node_modules/.package-lock.json on every install; touch it in case it is unchanged.
$(NODE_MODULES): package-lock.json package.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Cargo knows best what changed, so it always runs (a no-op build takes a moment); the wasm
# file's timestamp moves only when cargo relinked it, and that alone re-runs wasm-bindgen.
$(WASM): FORCE | wasm-target
	cargo build --release --target $(TARGET) --lib --no-default-features

$(WASM_FULL): FORCE | wasm-target
	cargo build --release --target $(TARGET) --lib --target-dir target/full

$(SCALAR_WASM): FORCE | wasm-target
	$(NO_SIMD) cargo build --release --target $(TARGET) --lib --no-default-features --target-dir target/scalar

$(SCALAR_WASM_FULL): FORCE | wasm-target
	$(NO_SIMD) cargo build --release --target $(TARGET) --lib --target-dir target/full-scalar

# $(call bindgen,NAME,SIMD_WASM,SCALAR_WASM): www/pkg/NAME.js and NAME_bg.wasm from the SIMD
# build, and NAME_scalar_bg.wasm from the scalar one, whose bindings must be the same (the page
# has one NAME.js for both).
define bindgen
rm -rf www/pkg/$(1).* www/pkg/$(1)_bg.* www/pkg/$(1)_scalar_bg.wasm target/bindgen-scalar/$(1)
$(BINDGEN) --out-dir www/pkg --out-name $(1) $(2)
$(BINDGEN) --out-dir target/bindgen-scalar/$(1) --out-name $(1) $(3)
cmp www/pkg/$(1).js target/bindgen-scalar/$(1)/$(1).js
cp target/bindgen-scalar/$(1)/$(1)_bg.wasm www/pkg/$(1)_scalar_bg.wasm
endef

$(PKG) &: $(WASM) $(SCALAR_WASM) | wasm-bindgen-cli
	$(call bindgen,initlab,$(WASM),$(SCALAR_WASM))

$(PKG_FULL) &: $(WASM_FULL) $(SCALAR_WASM_FULL) | wasm-bindgen-cli
	$(call bindgen,initlab_full,$(WASM_FULL),$(SCALAR_WASM_FULL))

# uPlot's minified build, made an ES module: its one global becomes the default export, and
# tools/uplot-locale.js before it keeps a locale Intl refuses from stopping the page.
www/vendor/uPlot.esm.js: $(NODE_MODULES) tools/uplot-locale.js
	mkdir -p www/vendor
	{ cat tools/uplot-locale.js node_modules/uplot/dist/uPlot.iife.min.js; echo; echo 'export default uPlot;'; } > $@

www/vendor/uPlot.min.css: $(NODE_MODULES)
	mkdir -p www/vendor
	cp node_modules/uplot/dist/uPlot.min.css $@

www/data/digits.bin: data/digits.bin
	mkdir -p www/data
	cp $< $@

clean:
	rm -rf www/pkg www/vendor www/data test-results target/test-logs target/python/cases

FORCE:

# The benchmark (issue 6). A benchmark is not a timed test: `make test` and CI never run it.
.PHONY: bench

## bench: native benchmarks of a training step and the kernels (divan), then the browser
## benchmark: initlab vs TensorFlow.js in headless Chromium, against the f32x4 matmul ceiling
## built from bench/ceiling, the page's responsiveness, and the default depth sweep's time;
## prints the tables the README quotes
bench: setup $(PKG) $(PKG_FULL) $(VENDOR) $(DATA)
	cargo bench --bench train_step
	cargo build --release --target $(TARGET) --manifest-path bench/ceiling/Cargo.toml \
	  --target-dir target/ceiling
	CHROMIUM="$$(bash tools/ensure-chromium.sh)" node tools/bench.mjs
	CHROMIUM="$$(bash tools/ensure-chromium.sh)" node tools/page-bench.mjs
	CHROMIUM="$$(bash tools/ensure-chromium.sh)" node tools/sweep-bench.mjs
	CHROMIUM="$$(bash tools/ensure-chromium.sh)" node tools/paper-bench.mjs

## fuzz: the cargo-fuzz target fuzz/fuzz_targets/config_steps.rs (config JSON, then training)
## for FUZZ_SECONDS, one job. cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets the
## stable compiler build its libFuzzer and AddressSanitizer binary. New inputs go to
## fuzz/corpus/, crashes to fuzz/artifacts/ (keep each as a test in tests/regressions.rs).
## Not part of `make test`.
FUZZ_SECONDS ?= 300
CARGO_FUZZ_VERSION := 0.13.2
CARGO_AUDIT_VERSION := 0.22.2

.PHONY: fuzz audit

fuzz:
	@command -v cargo-fuzz >/dev/null || { echo "Installing cargo-fuzz $(CARGO_FUZZ_VERSION) (once)"; \
	  cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked; }
	mkdir -p fuzz/corpus/config_steps
	RUSTC_BOOTSTRAP=1 cargo fuzz run config_steps fuzz/corpus/config_steps fuzz/seeds -- \
	  -dict=fuzz/config.dict -max_total_time=$(FUZZ_SECONDS)

## audit: known vulnerabilities in Cargo.lock, fuzz/Cargo.lock and package-lock.json (cargo
## audit, npm audit; see tools/audit.sh). The advisory databases need the network: without
## it this says nothing was checked and fails. Not part of `make test`.
audit:
	@command -v cargo-audit >/dev/null || { echo "Installing cargo-audit $(CARGO_AUDIT_VERSION) (once)"; \
	  cargo install cargo-audit --version $(CARGO_AUDIT_VERSION) --locked; }
	@bash tools/audit.sh

# Embedding (issue 5): the page as files any static host serves, and as one offline file.
.PHONY: dist

## dist: dist/ holds the built page with relative paths only (www/ with pkg/ and vendor/, no
## type declarations), which any static host serves from any folder, and dist/initlab.html,
## the same page as one self-contained file (JS, CSS and wasm inlined) that works from disk
dist: $(PKG) $(PKG_FULL) $(VENDOR) $(DATA)
	rm -rf dist
	mkdir -p dist
	tar -C www --exclude='*.d.ts' -cf - . | tar -C dist -xf -
	node tools/single-file.mjs www dist/initlab.html

# Mutation testing (issue 17): cargo-mutants plants one bug at a time in the core and runs
# the tests against it. Not part of `make test`: the whole set takes hours on 2 cores.
CARGO_MUTANTS_VERSION := 27.1.0
# Where each run writes mutants.out/ (caught.txt, missed.txt...), and what narrows a run,
# e.g. MUTANTS_ARGS='-F ^src/loss' MUTANTS_OUT=target/mutants-out/loss for one module.
MUTANTS_OUT ?= target/mutants-out
MUTANTS_ARGS ?=
# One job, niced: the mutants share the machine with whatever else runs on it. The build
# directory is a copy of the tree; its target dir stays here, so dependencies build once. Never
# more jobs with this shared target dir: their test binaries have the same names, so one job
# can run another's mutant (seen: a mutant "missed" by a test that fails on it). For -j 2, drop
# CARGO_TARGET_DIR: each job then builds in its own copy, dependencies included.
MUTANTS := CARGO_TARGET_DIR=$(CURDIR)/target nice -n 19 cargo mutants -j 1 -o $(MUTANTS_OUT)
# The first pass: the unit tests in src/, one binary run by libtest (on 2 busy cores 5-9 s a
# mutant where nextest, a process per test, takes 8-16 s), with the core at opt-level 1
# (`mutants-unit`: built in 2.3 s instead of 4.0). The second: what survived, against every
# test target under nextest's `mutants` profile (.config/nextest.toml, which leaves out the six
# slowest tests) at opt-level 2 (the whole suite runs 2.7x slower at 1), with no baseline of
# its own (the first pass ran one, and `make test` runs the whole suite).
MUTANTS_UNIT := --profile mutants-unit -C --lib
MUTANTS_FULL := --iterate --baseline skip --timeout 300 --profile mutants --test-tool nextest \
  -C --lib -C --tests

.PHONY: mutants

## mutants: cargo-mutants (installed when missing) on the modules .cargo/mutants.toml lists,
## in two passes that give the full suite's score: first every mutant against the unit tests
## in src/ (one test binary, seconds per mutant), then what survived against every test
## target (--iterate skips what the first pass caught); prints each module's counts and the
## survivors (tools/mutants-score.sh), and fails under 90% caught. Not part of `make test`.
mutants:
	@command -v cargo-mutants >/dev/null && [[ "$$(cargo mutants --version)" == "cargo-mutants $(CARGO_MUTANTS_VERSION)" ]] || \
	  { echo "Installing cargo-mutants $(CARGO_MUTANTS_VERSION) (a few minutes, once)"; \
	    cargo install cargo-mutants --version $(CARGO_MUTANTS_VERSION) --locked; }
	@mkdir -p $(MUTANTS_OUT)
	@# Exit status 2 (missed) and 3 (timeout) are what the second pass is for.
	$(MUTANTS) $(MUTANTS_UNIT) $(MUTANTS_ARGS) || { rc=$$?; [[ $$rc == 2 || $$rc == 3 ]]; }
	NEXTEST_PROFILE=mutants $(MUTANTS) $(MUTANTS_FULL) $(MUTANTS_ARGS) || { rc=$$?; [[ $$rc == 2 || $$rc == 3 ]]; }
	@bash tools/mutants-score.sh $(MUTANTS_OUT)/mutants.out.old $(MUTANTS_OUT)/mutants.out
