#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests exists (rule: tools/find-chromium.mjs) and
# prints its path. When none is found and we are root, installs Debian's `chromium` package;
# otherwise says what to install and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

if path=$(node tools/find-chromium.mjs 2>/dev/null); then
  echo "$path"
  exit 0
fi
if [[ -n "${CHROMIUM:-}" ]]; then
  node tools/find-chromium.mjs >&2 || true  # explains what is wrong with $CHROMIUM
  exit 1
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  {
    echo "No Chromium found for the browser tests. Install Debian's 'chromium' package"
    echo "(sudo apt-get install -y chromium), or point CHROMIUM at a Chromium or Chrome:"
    echo "  CHROMIUM=/path/to/chrome make test"
  } >&2
  exit 1
fi
echo "Installing Debian's chromium package for the browser tests..." >&2
{ apt-get update && apt-get install -y chromium; } >&2
node tools/find-chromium.mjs
