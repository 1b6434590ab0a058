#!/usr/bin/env bash
# Makes the real-library suite's Python environment, target/python/venv, when it is missing or
# its requirements changed: `python3 -m venv`, then `pip install -r tests/python/requirements.txt`
# (Keras 3, JAX for the CPU, NumPy, scikit-learn). With the argument `torch` it also installs
# tests/python/requirements-torch.txt: PyTorch's CPU build from download.pytorch.org, or PyPI's
# build when that index cannot be reached. Each requirements file installed is copied into the
# venv, so a second run with nothing changed does nothing. Needs Python 3.11 or newer and the
# network the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/python/venv
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check --quiet)

# install FILE [PIP_ARGS...]: installs FILE's requirements unless the venv holds this very file.
install() {
  local file=$1 stamp="$VENV/$(basename "$1")"
  shift
  if ! cmp -s "$file" "$stamp"; then
    echo "Installing $file into $VENV (once)"
    "${PIP[@]}" install -r "$file" "$@" && cp "$file" "$stamp"
  fi
}

if [[ ! -x $VENV/bin/python ]]; then
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "The python suite needs Python 3.11 or newer as python3; found $(python3 --version)" >&2
    exit 1
  }
  echo "Creating $VENV"
  python3 -m venv "$VENV"
fi
install tests/python/requirements.txt
if [[ ${1:-} == torch ]]; then
  install tests/python/requirements-torch.txt --index-url https://download.pytorch.org/whl/cpu \
    --retries 1 --timeout 15 ||
    install tests/python/requirements-torch.txt
fi
