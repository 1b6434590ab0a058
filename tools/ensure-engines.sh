#!/usr/bin/env bash
# Installs what the cross-engine suite needs and is missing (the list: tools/engines.mjs):
# Debian's chromium-driver, firefox-esr, webkit2gtk-driver and xvfb (as root, with apt-get),
# and geckodriver from crates.io (cargo install, pinned). Without root or apt-get it says what
# to install; the engines suite then fails for that engine, and says so, while the others run.
set -uo pipefail
cd "$(dirname "$0")/.."

gecko_version=$(node -e 'import("./tools/engines.mjs").then((m) => console.log(m.GECKODRIVER_VERSION))')
if [[ "$(geckodriver --version 2>/dev/null | head -1)" != "geckodriver $gecko_version"* ]]; then
  echo "Installing geckodriver $gecko_version (a few minutes, once)" >&2
  cargo install geckodriver --version "$gecko_version" --locked >&2 ||
    echo "geckodriver could not be installed: the Firefox engine suite will fail" >&2
fi

packages=$(node tools/engines.mjs missing | awk '$3 != "cargo" { print $3 }' | sort -u)
[[ -z "$packages" ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "The cross-engine suite needs Debian's packages:" $packages >&2
  echo "(sudo apt-get install -y --no-install-recommends" $packages")" >&2
  exit 0
fi
echo "Installing Debian's" $packages "for the cross-engine suite..." >&2
# shellcheck disable=SC2086  # one word per package
{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages; } >&2 ||
  echo "Could not install" $packages": the engines suite will fail for them" >&2
