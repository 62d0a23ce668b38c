#!/usr/bin/env bash
# make bench: the scale benchmark. Builds the provider, the emulator, the floor
# provider and the driver (tools/bench, a module of its own, never shipped),
# then, in one run, with the cached OpenTofu (scripts/engine.sh; never an
# engine found on PATH) against the emulator:
#   - the matrix: apply, a no-change plan and destroy of N AXB bindings beside
#     the floor provider and terraform_data;
#   - the quota cells (issue 15): apply and a no-change plan of N bindings, and
#     the Go client alone, against an emulator quota of Q requests/s;
#   - the pool cells (issue 16): N pairs on 5 X numbers as single resources and
#     as one privatenumber_axb_pool, the pool under the quota and under the
#     fault mix of the fault tests;
# and checks every goal in one table of docs/benchmarks.md.
#
#   BENCH_N=1000  BENCH_LATENCIES=0  BENCH_PARALLELISM=10   the matrix (defaults shown; BENCH_N=off: none)
#   BENCH_REPEAT=3         runs per matrix cell; the fastest counts
#   BENCH_KINDS=terraform_data,floor,axb  which configurations (also floor_detached)
#   BENCH_RPS=default      the provider's defaults (adaptive limiting); 10000: a fixed requests_per_second
#   BENCH_DEFAULT_RPS_ROW=1  one more plan at requests_per_second = 50, the old fixed default
#   BENCH_QUOTA=100        the quota cells' Q (off: no quota cells)
#   BENCH_QUOTA_N=2000  BENCH_QUOTA_PARALLELISM=10,50  their N and parallelism
#   BENCH_QUOTA_DRIVERS=client,engine  the Go client alone and/or the engine (default both)
#   BENCH_POOL_N=5000      pairs of the pool cells (a multiple of 5; off: no pool cells)
#   BENCH_PROFILE=DIR      CPU profiles of the provider and the engine for every matrix phase
#   BENCH_LAYOUT=for_each  one for_each block over a map of N pairs instead of N resource blocks
#   BENCH_SDK_LOGS=off     experiment: the plugins emit no SDK/provider logs (TF_LOG_SDK=off, TF_LOG_PROVIDER=off)
#   BENCH_OUT=FILE         where the report goes (default docs/benchmarks.md; empty: print only)
#   BENCH_WORK=DIR         keep the configurations, states and logs there
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

engine="$(engine_path tofu)"
bin="$root/.build/bench"
mkdir -p "$bin"
echo "building the provider, the emulator, the floor provider and the driver into $bin" >&2
# The provider is built as releases are (-trimpath -s -w), so its memory is what users see.
go build -trimpath -ldflags "-s -w -X main.version=bench" -o "$bin/terraform-provider-privatenumber" .
go build -trimpath -o "$bin/privatenumber-emulator" ./cmd/privatenumber-emulator
(
  cd tools/bench
  # -mod=mod: a resource merged into the provider may bring a new dependency
  # that the bench module's go.sum does not list yet.
  go build -mod=mod -trimpath -o "$bin/bench" .
  go build -mod=mod -trimpath -ldflags "-s -w" -o "$bin/floor" ./floor
)

out="${BENCH_OUT-docs/benchmarks.md}"
work_flag=()
if [ -n "${BENCH_WORK:-}" ]; then work_flag=(-work "$BENCH_WORK"); fi
exec "$bin/bench" -engine "$engine" -provider "$bin/terraform-provider-privatenumber" -floor "$bin/floor" \
  -emulator "$bin/privatenumber-emulator" -out "$out" "${work_flag[@]}"
