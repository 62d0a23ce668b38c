#!/usr/bin/env bash
# Prints the path of the engine binary the tests and docs use, building it the
# first time from the Go module proxy into a cache outside the repository.
#
#   scripts/engine.sh [tofu|terraform]
#
# TF_ACC_TERRAFORM_PATH, when set, wins and is printed as is.
# Build output goes to stderr so that stdout carries only the path.
set -euo pipefail

engine="${1:-${ENGINE:-tofu}}"
TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
TERRAFORM_VERSION="${TERRAFORM_VERSION:-v1.5.7}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # prints nothing: stdout carries only the path
cache="$engine_cache"

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  echo "$TF_ACC_TERRAFORM_PATH"
  exit 0
fi

case "$engine" in
  tofu)
    out="$cache/tofu-$TOFU_VERSION/tofu"
    if [ ! -x "$out" ]; then
      echo "building OpenTofu $TOFU_VERSION into $out (first time only, about 3 minutes)" >&2
      mkdir -p "$(dirname "$out")"
      # `go install` refuses this module (its go.mod has replace directives): build inside the module.
      tmp=$(mktemp -d)
      trap 'rm -rf "$tmp"' EXIT
      ( cd "$tmp" && go mod download "github.com/opentofu/opentofu@$TOFU_VERSION" ) >&2
      src="$(go env GOMODCACHE)/github.com/opentofu/opentofu@$TOFU_VERSION"
      ( cd "$src" && go build -trimpath \
          -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
          -o "$out.tmp" ./cmd/tofu ) >&2
      mv "$out.tmp" "$out"
    fi
    ;;
  terraform)
    out="$cache/terraform-$TERRAFORM_VERSION/terraform"
    if [ ! -x "$out" ]; then
      echo "building Terraform $TERRAFORM_VERSION (MPL-2.0) into $out (first time only, about 2 minutes)" >&2
      mkdir -p "$(dirname "$out")"
      GOBIN="$(dirname "$out")" go install -trimpath -ldflags "-s -w" \
        "github.com/hashicorp/terraform@$TERRAFORM_VERSION" >&2
    fi
    ;;
  *)
    echo "unknown engine '$engine' (want tofu or terraform)" >&2
    exit 2
    ;;
esac
echo "$out"
