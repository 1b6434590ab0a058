#!/usr/bin/env bash
# `make audit`: known vulnerabilities in the locked dependencies. Runs every audit even after
# one fails, then exits non-zero if any found something or could not run.
#
#   cargo audit   Cargo.lock, then fuzz/Cargo.lock, against the RustSec advisory database,
#                 which it fetches from GitHub
#   npm audit     package-lock.json against the npm registry's advisories: the production
#                 dependencies (--omit=dev), then all of them (the page vendors uPlot, a dev
#                 dependency, from node_modules)
#
# Both need the network. When an advisory database cannot be reached, this says so plainly:
# nothing was checked, which is not the same as nothing found.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# audit NAME COMMAND...: runs COMMAND with its output echoed, then explains a failure.
audit() {
  local name=$1 rc
  shift
  echo
  echo "==> $name"
  echo "+ $*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  ((rc == 0)) && return
  status=1
  if grep -q "couldn't fetch advisory database" "$log"; then
    echo "$name: NOT CHECKED: the RustSec advisory database" \
      "(https://github.com/RustSec/advisory-db) could not be fetched; this needs the network."
  elif grep -Eq "audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT" "$log"; then
    echo "$name: NOT CHECKED: the npm registry's audit endpoint could not be used" \
      "($(npm config get registry)); this needs the network."
  else
    echo "$name: failed (exit status $rc): see the advisories above."
  fi
}

audit "cargo audit (Cargo.lock)" cargo audit --file Cargo.lock
audit "cargo audit (fuzz/Cargo.lock)" cargo audit --file fuzz/Cargo.lock
audit "npm audit --omit=dev" npm audit --omit=dev
audit "npm audit" npm audit
echo
if ((status == 0)); then echo "audit: no known vulnerabilities"; else echo "audit: FAILED (see above)"; fi
exit "$status"
