#!/usr/bin/env bash
# Runs every test suite, even after one fails, then names the failing tests (if any), prints
# each suite's pass/fail counts and exits non-zero if any suite failed. Expects the set-up
# `make test` does first (wasm target, wasm-bindgen-cli, node_modules, $CHROMIUM).
#
# Suites: native   `cargo test` on the host (every target, then the doc tests)
#         wasm     tests/wasm_*.rs under wasm-bindgen-test in Node (wasm32-unknown-unknown)
#         e2e      `make build`, then Playwright Test in headless Chromium against the served page
#         unit     `node --test` on the page's DOM-free modules (tests/unit/*.test.js)
#         lint     Biome (format and lint of the JS, biome.json) and rustfmt, checked, never written
#         deps     the dependency rules that need no advisory database: cargo-deny's licences,
#                  bans and sources (deny.toml) over Cargo.lock, and `npm ls` checking
#                  node_modules against package-lock.json (known vulnerabilities: `make audit`)
#         engines:chromium, engines:firefox, engines:webkit
#                  the cross-engine suite (tests/engines/*.test.js, and an engine's own tests in
#                  tests/engines/<engine>/, `node --test`) in each engine through WebDriver
#                  (tools/engines.mjs, tools/webdriver.mjs), after `make dist`
#         python   the generated Keras scripts run in Keras 3 on JAX (a venv under target/python,
#                  made once) and checked against the core's numbers (tools/python-suite.sh;
#                  PyTorch's: `make test-torch`)
set -uo pipefail
cd "$(dirname "$0")/.."

LOGS=target/test-logs
mkdir -p "$LOGS"
names=() passed=() failed=() notes=()
status=0

# Sums libtest's "test result: ... N passed; M failed" lines (cargo and wasm-bindgen-test).
cargo_counts() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) {
         if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       END { print p + 0, f + 0 }' "$1"
}

# Reads Playwright's JSON report: expected and flaky tests passed, unexpected ones failed.
playwright_counts() {
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats;
    console.log(s.expected + s.flaky, s.unexpected);' "$1" 2>/dev/null || echo "0 0"
}

# run_suite NAME COUNTER REPORT COMMAND: runs COMMAND with its output echoed into
# $LOGS/NAME.log, then records the counts that COUNTER reads from REPORT.
run_suite() {
  local name=$1 counter=$2 report=$3 log="$LOGS/$1.log" rc p f note=""
  shift 3
  echo
  echo "==> $name"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  read -r p f < <("$counter" "$report")
  if ((rc != 0 && f == 0)); then
    f=1
    note="  (exited with status $rc before reporting a failing test; see $log)"
  fi
  ((rc == 0)) || status=1
  names+=("$name") passed+=("$p") failed+=("$f") notes+=("$note")
}

# Counts the "pass" and "fail" lines that check() wrote to a results file.
check_counts() {
  awk '/^pass/ { p++ } /^fail/ { f++ } END { print p + 0, f + 0 }' "$1"
}

# check COMMAND...: one check of the lint or deps suite: runs COMMAND and records whether it
# passed in $LOG_RESULTS.
check() {
  if show "$@"; then echo "pass $*" >>"$LOG_RESULTS"; else echo "fail $*" >>"$LOG_RESULTS"; return 1; fi
}

# Echoes a command, then runs it.
show() { echo "+ $*" && "$@"; }

# --no-fail-fast: a failing test binary must not hide the results of the next ones.
native() {
  local rc=0
  show cargo test --no-fail-fast --all-targets || rc=$?
  show cargo test --no-fail-fast --doc || rc=$?
  return "$rc"
}
# The wasm suite is tests/wasm_*.rs: the other test files are native (some use native-only
# dev-dependencies such as proptest) and would only report "no tests to run" in Node.
wasm() {
  local tests=() f
  for f in tests/wasm_*.rs; do tests+=(--test "$(basename "$f" .rs)"); done
  show cargo test --no-fail-fast --target wasm32-unknown-unknown "${tests[@]}"
}
e2e() {
  rm -f test-results/results.json
  show make --no-print-directory build && show npx --no-install playwright test
}

# Node's test runner ends with "# pass N" and "# fail N" lines.
node_counts() {
  awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { print p + 0, f + 0 }' "$1"
}
unit() {
  show node --test tests/unit/
}

lint() {
  local rc=0
  : >"$LOGS/lint.results"
  LOG_RESULTS="$LOGS/lint.results" check npx --no-install biome ci . || rc=$?
  LOG_RESULTS="$LOGS/lint.results" check cargo fmt --all --check || rc=$?
  return "$rc"
}

deps() {
  local rc=0
  : >"$LOGS/deps.results"
  LOG_RESULTS="$LOGS/deps.results" check cargo deny --locked check licenses bans sources || rc=$?
  LOG_RESULTS="$LOGS/deps.results" check npm ls --all || rc=$?
  return "$rc"
}

# The cross-engine suite in engine $1: the shared tests/engines/*.test.js and the engine's own
# in tests/engines/$1/, one file at a time (each opens its own browser).
engines() {
  local files=(tests/engines/*.test.js)
  [[ -d tests/engines/$1 ]] && files+=("tests/engines/$1/")
  show make --no-print-directory dist >/dev/null &&
    show env ENGINE="$1" node --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
}

# One line per script in the results file: "pass ..." or "fail ...".
python_suite() {
  bash tools/python-suite.sh keras "$LOGS/python.results"
}

run_suite native cargo_counts "$LOGS/native.log" native
run_suite wasm cargo_counts "$LOGS/wasm.log" wasm
run_suite e2e playwright_counts test-results/results.json e2e
run_suite unit node_counts "$LOGS/unit.log" unit
for engine in chromium firefox webkit; do
  run_suite "engines:$engine" node_counts "$LOGS/engines:$engine.log" engines "$engine"
done
run_suite lint check_counts "$LOGS/lint.results" lint
run_suite deps check_counts "$LOGS/deps.results" deps
run_suite python check_counts "$LOGS/python.results" python_suite

# The failing tests by name, so that the end of the output (all a CI log may keep) says which:
# libtest's "test NAME ... FAILED", node's "not ok N - NAME", Playwright's unexpected tests,
# and the lint, deps and python checks' "fail" lines.
failures() {
  local log
  for log in native wasm; do
    grep -h -E '^test .* \.\.\. FAILED$' "$LOGS/$log.log" 2>/dev/null | sed "s/^/  $log: /"
  done
  for log in "$LOGS/unit.log" "$LOGS"/engines:*.log; do
    [[ -f $log ]] && grep -h -E '^ *not ok [0-9]+ - ' "$log" | sed "s/^ */  $(basename "$log" .log): /"
  done
  node -e '
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests) if (t.status === "unexpected") console.log(`  e2e: ${spec.file}:${spec.line} ${spec.title}`);
      for (const s of suite.suites ?? []) walk(s);
    };
    for (const s of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).suites) walk(s);' \
    test-results/results.json 2>/dev/null
  for log in lint deps python; do
    grep -h '^fail' "$LOGS/$log.results" 2>/dev/null | sed "s/^fail /  $log: /"
  done
  return 0
}

total_p=0 total_f=0
echo
if ((status != 0)); then
  echo "==> Failed"
  failures
fi
echo
echo "==> Summary"
for i in "${!names[@]}"; do
  printf '%s: %d passed, %d failed%s\n' "${names[$i]}" "${passed[$i]}" "${failed[$i]}" "${notes[$i]}"
  ((total_p += passed[i], total_f += failed[i]))
done
printf 'total: %d passed, %d failed\n' "$total_p" "$total_f"
exit "$status"
