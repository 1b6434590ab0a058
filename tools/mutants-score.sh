#!/usr/bin/env bash
# Prints cargo-mutants' outcomes per core module from one or more mutants.out directories,
# oldest first (`make mutants` passes its first pass's, then its second's): caught (by any
# pass), missed, unviable and timeouts, the share of viable mutants caught (a timeout counts
# as not caught), then every survivor. Exits non-zero under 90% caught.
set -euo pipefail
(($# > 0)) || { echo "usage: $0 MUTANTS_OUT_DIR..." >&2; exit 64; }

# One "outcome<TAB>mutant" line per mutant; a later pass's outcome of a mutant wins, except
# that --iterate's previously_caught.txt also holds the unviable ones a pass before named.
for dir in "$@"; do
  for outcome in previously_caught caught missed unviable timeout; do
    [[ ! -f $dir/$outcome.txt ]] || sed "s/^/$outcome\t/" "$dir/$outcome.txt"
  done
done | awk -F'\t' '
  # The module a source file belongs to: src/init.rs and src/init/ are "init", and so on.
  function module(path) {
    sub(/^src\//, "", path); sub(/[.:\/].*/, "", path); return path
  }
  function pct(caught, viable) { return viable ? 100 * caught / viable : 100 }
  $1 != "previously_caught" { outcome[$2] = $1 }
  $1 == "previously_caught" && !($2 in outcome) { outcome[$2] = "caught" }
  END {
    for (m in outcome) { n[module(m), outcome[m]]++; mods[module(m)] = 1 }
    printf "%-12s %7s %7s %9s %8s %8s\n", "module", "caught", "missed", "unviable", "timeout", "score"
    for (mod in mods) {
      c = n[mod, "caught"] + 0; mi = n[mod, "missed"] + 0; t = n[mod, "timeout"] + 0
      printf "%-12s %7d %7d %9d %8d %7.1f%%\n", mod, c, mi, n[mod, "unviable"], t, pct(c, c + mi + t) | "sort"
      C += c; M += mi; T += t; U += n[mod, "unviable"]
    }
    close("sort")
    printf "%-12s %7d %7d %9d %8d %7.1f%%\n", "total", C, M, U, T, pct(C, C + M + T)
    for (m in outcome) if (outcome[m] != "caught" && outcome[m] != "unviable") print outcome[m] ": " m | "sort"
    close("sort")
    exit (C < 0.9 * (C + M + T))
  }'
