#!/usr/bin/env bash
# make sweep-live: lists the bindings on the X numbers of PRIVATENUMBER_LIVE_<MODE>_X_NUMBERS
# and, with ACT=1 (or -act), unbinds those whose user_data carries the live-test
# marker (privatenumber-live-test). A dry run by default; every number is masked.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

args=()
if [ "${ACT:-}" = "1" ] || [ "${1:-}" = "-act" ]; then
  args+=(-act)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/privatenumber-probe" ./cmd/privatenumber-probe
"$work/privatenumber-probe" sweep "${args[@]}"
