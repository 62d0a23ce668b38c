#!/usr/bin/env bash
# make testacc-live: the live acceptance tests (internal/provider/live_acc_test.go)
# against the real platform, for the modes the environment configures:
#   PRIVATENUMBER_LIVE_ENDPOINT (default: the documented address)
#   PRIVATENUMBER_LIVE_<MODE>_APP_KEY, _APP_SECRET, _X_NUMBERS   (MODE: AX, AXB, AXE, AXYB)
#   PRIVATENUMBER_LIVE_A_NUMBERS, PRIVATENUMBER_LIVE_B_NUMBERS    (test phones you own)
#   PRIVATENUMBER_LIVE_AXYB_AREA_CODE (optional, default 010; fallback to any city)
# Without them it prints one line saying what is missing and exits 0.
# See docs/guides/live-testing.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/privatenumber-probe" ./cmd/privatenumber-probe
status=0
line="$("$work/privatenumber-probe" check)" || status=$?
echo "$line"
if [ "$status" -eq 3 ]; then
  exit 0
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi

engine="$(engine_path "${ENGINE:-tofu}")"
# The live tests make real bindings: one at a time, with room for a slow platform.
PRIVATENUMBER_LIVE=1 TF_ACC=1 TF_ACC_TERRAFORM_PATH="$engine" \
  go test -count=1 -p 1 -parallel 1 -timeout 60m -run '^TestAccLive_' -v ${TESTARGS:-} ./internal/provider/
echo "live tests done; if any failed, 'make sweep-live' lists what they left (and 'make sweep-live ACT=1' removes it)"
