#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time each: scripts/fuzz.sh [DURATION]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
t="${1:-10s}"
found=0
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  for fn in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    found=$((found+1))
    echo "fuzz $pkg $fn ($t)"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$t" "$pkg"
  done
done < <(git ls-files '*_test.go')
echo "fuzz targets run: $found"
