#!/usr/bin/env bash
# Prints the path of the engine binary the tests and docs use, building it the
# first time from the Go module proxy into a cache outside the repository.
#
#   scripts/engine.sh [tofu|terraform]
#
# TOFU_VERSION and TERRAFORM_VERSION pick the versions. Terraform defaults to the
# newest 1.14 patch release the module proxy serves (the only engine with list
# resources and actions); the lowest supported Terraform is built on demand with
#   TERRAFORM_VERSION=v1.5.7 scripts/engine.sh terraform
# Terraform from 1.6 on is under the BUSL: it is built here to test the provider
# and is never bundled or redistributed.
#
# TF_ACC_TERRAFORM_PATH, when set, wins and is printed as is.
# Build output goes to stderr so that stdout carries only the path.
set -euo pipefail

engine="${1:-${ENGINE:-tofu}}"
TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
TERRAFORM_VERSION="${TERRAFORM_VERSION:-v1.14.9}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # prints nothing: stdout carries only the path
cache="$engine_cache"

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  echo "$TF_ACC_TERRAFORM_PATH"
  exit 0
fi

# build_terraform VERSION OUT. Up to 1.5 `go install` builds it as is. From 1.6 on
# its go.mod replaces nine remote-state backends (and internal/legacy, used only
# by tests) with nested directories that the proxy's zip of the module lacks, so
# build a writable copy without them: the tests use local state only.
build_terraform() {
  local version="$1" out="$2" minor
  minor="$(echo "$version" | cut -d. -f2)"
  if [ "$minor" -le 5 ]; then
    GOBIN="$(dirname "$out")" go install -trimpath -ldflags "-s -w" "github.com/hashicorp/terraform@$version"
    mv "$(dirname "$out")/terraform" "$out"
    return
  fi
  local tmp src drop='(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)'
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064 # expand tmp now
  trap "chmod -R u+w '$tmp'; rm -rf '$tmp'" EXIT
  ( cd "$tmp" && go mod download "github.com/hashicorp/terraform@$version" )
  cp -r "$(go env GOMODCACHE)/github.com/hashicorp/terraform@$version" "$tmp/src"
  src="$tmp/src"
  chmod -R u+w "$src"
  grep -Ev "backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[ .]" \
    "$src/internal/backend/init/init.go" >"$tmp/init.go"
  mv "$tmp/init.go" "$src/internal/backend/init/init.go"
  grep -Ev "terraform/internal/(backend/remote-state/$drop|legacy)( |\$)" "$src/go.mod" >"$tmp/go.mod"
  mv "$tmp/go.mod" "$src/go.mod"
  ( cd "$src" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath \
      -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out" . )
}

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
      echo "building Terraform $TERRAFORM_VERSION into $out (first time only, about 3 minutes)" >&2
      mkdir -p "$(dirname "$out")"
      build_terraform "$TERRAFORM_VERSION" "$out.tmp" >&2
      mv "$out.tmp" "$out"
    fi
    ;;
  *)
    echo "unknown engine '$engine' (want tofu or terraform)" >&2
    exit 2
    ;;
esac
echo "$out"
