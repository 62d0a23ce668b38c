#!/usr/bin/env bash
# make bench: the scale benchmark. Builds the provider, the emulator, the floor
# provider and the driver (tools/bench, a module of its own, never shipped),
# then times apply, a no-change plan and destroy of N AXB bindings against the
# emulator, beside the floor provider and terraform_data, with the cached
# OpenTofu (scripts/engine.sh; never an engine found on PATH).
#
#   BENCH_N=100,1000,5000  BENCH_LATENCIES=0,20  BENCH_PARALLELISM=10,50  (defaults: the whole matrix)
#   BENCH_REPEAT=1         runs per cell; the fastest counts
#   BENCH_KINDS=terraform_data,floor,floor_detached,axb  which configurations (default all four)
#   BENCH_PROFILE=DIR      CPU profiles of the provider and the engine for every phase
#   BENCH_LAYOUT=for_each  one for_each block over a map of N pairs instead of N resource blocks
#   BENCH_SDK_LOGS=off     experiment: the plugins emit no SDK/provider logs (TF_LOG_SDK=off, TF_LOG_PROVIDER=off)
#   BENCH_RPS=default      the provider (and the floor) with requests_per_second unset (adaptive limiting, the
#                          provider's default) instead of 10000; BENCH_DEFAULT_RPS_ROW=0 drops the extra plan at 50
#   BENCH_OUT=FILE         where the report goes (default docs/benchmarks.md; empty: print only)
#   BENCH_WORK=DIR         keep the configurations, states and logs there
#   BENCH_QUOTA=100        instead of the matrix: apply and a no-change plan of BENCH_N bindings with the provider's
#                          defaults against an emulator quota of 100 requests/s (time against N/Q, refused, retries)
#   BENCH_QUOTA_DRIVERS=client,engine  with BENCH_QUOTA: the client cells (the provider's Go client alone, BENCH_N
#                          binds then BENCH_N reads at each BENCH_PARALLELISM) and/or the engine cells (default both)
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
