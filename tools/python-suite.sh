#!/usr/bin/env bash
# The real-library suite: the generated scripts run in Keras or PyTorch and checked against the
# core's own numbers.
#
#   tools/python-suite.sh keras RESULTS     Keras 3 on JAX (`make test`'s python suite)
#   tools/python-suite.sh torch RESULTS     PyTorch, then Keras 3 on PyTorch (`make test-torch`)
#
# It makes the Python environment when missing (tools/python-env.sh), writes every case's
# scripts and the core's numbers with `cargo run --example script_cases` (SCRIPT_STEPS steps,
# default 100), then runs tests/python/check_scripts.py, which writes one "pass ..." or "fail ..."
# line per script to RESULTS and a table of each case's largest errors beside the cases
# (target/python/*-table.md).
set -uo pipefail
cd "$(dirname "$0")/.."

which=${1:?keras or torch} results=${2:?a results file}
CASES=target/python/cases
PYTHON=target/python/venv/bin/python
: >"$results"

# Echoes a command, then runs it.
show() { echo "+ $*" && "$@"; }

# check FRAMEWORK BACKEND: the scripts of FRAMEWORK, Keras on BACKEND, appending to RESULTS.
check() {
  local part="$results.$1-$2" rc=0
  KERAS_BACKEND=$2 show "$PYTHON" tests/python/check_scripts.py "$CASES" "$1" \
    --results "$part" --table "target/python/$1-$2-table.md" || rc=$?
  cat "$part" >>"$results" 2>/dev/null
  rm -f "$part"
  return "$rc"
}

env=()
[[ $which == torch ]] && env=(torch)
if ! show bash tools/python-env.sh "${env[@]}"; then
  echo "The Python environment could not be made (see above): the python suite cannot run."
  exit 1
fi
rm -rf "$CASES"
show cargo run --quiet --profile test --example script_cases -- "$CASES" "${SCRIPT_STEPS:-100}" ||
  exit 1
rc=0
case $which in
  keras) check keras jax || rc=$? ;;
  torch)
    check pytorch jax || rc=$?
    check keras torch || rc=$?
    ;;
  *) echo "unknown suite $which: keras or torch" >&2 && exit 2 ;;
esac
exit "$rc"
