# shellcheck shell=bash
# The environment every script in scripts/ shares. Source it, do not run it:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets root (the repository, a physical path), the Go environment, and the
# engine cache; it defines engine_path and private_cli_config. It writes nothing
# on stdout: scripts/engine.sh's stdout must carry only the engine's path.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

# The machine's go env may carry GOFLAGS; a GOFLAGS variable replaces it, so keep -buildvcs=false.
export GOFLAGS="-modcacherw -buildvcs=false"
# Build with the local toolchain; never download another.
export GOTOOLCHAIN=local
# Static binaries, as releases are built.
export CGO_ENABLED=0

# Where scripts/engine.sh builds the engines, outside the repository.
engine_cache="${PRIVATENUMBER_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-privatenumber/engines}"

# engine_path [tofu|terraform]: prints the engine binary to use (scripts/engine.sh
# builds it the first time); never an engine found on PATH.
engine_path() { "$root/scripts/engine.sh" "${1:-${ENGINE:-tofu}}"; }

# private_cli_config FILE: writes standard input to FILE and makes it the
# engine's CLI configuration, so that whatever TF_CLI_CONFIG_FILE pointed at
# (possibly a missing file) plays no part, and the engine does not call home.
private_cli_config() {
  cat >"$1"
  export TF_CLI_CONFIG_FILE="$1" CHECKPOINT_DISABLE=1
}
