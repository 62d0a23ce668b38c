#!/usr/bin/env bash
# Generates docs/ offline: the schema is exported with the cached engine from a
# local build of the provider (never a downloaded engine or provider), then
# tfplugindocs renders templates/ and examples/.
#   scripts/docs.sh            generate docs/
#   scripts/docs.sh validate   also run tfplugindocs validate
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

# Terraform (1.14 and later) by default: only its schema export lists the list
# resources and actions. DOCS_ENGINE=tofu still works (without those pages).
engine="$(engine_path "${DOCS_ENGINE:-terraform}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

os_arch="$(go env GOOS)_$(go env GOARCH)"
plugin_dir="$work/plugins/registry.terraform.io/hashicorp/privatenumber/0.0.1/$os_arch"
mkdir -p "$plugin_dir"
go build -o "$plugin_dir/terraform-provider-privatenumber_v0.0.1" .

cat > "$work/main.tf" <<'HCL'
terraform {
  required_providers {
    privatenumber = {
      source  = "registry.terraform.io/hashicorp/privatenumber"
      version = "0.0.1"
    }
  }
}
HCL
private_cli_config "$work/cli.tfrc" </dev/null
(
  cd "$work"
  "$engine" init -input=false -backend=false -plugin-dir="$work/plugins" >/dev/null
  "$engine" providers schema -json > "$work/schema.json"
)

tfplugindocs() { go tool -modfile="$root/tools/go.mod" tfplugindocs "$@"; }
tfplugindocs generate --provider-name privatenumber --providers-schema "$work/schema.json" \
  --rendered-provider-name "Private Number (Huawei Cloud)" >/dev/null
if [ "${1:-}" = "validate" ]; then
  # Without --providers-schema, validate builds the provider and runs whatever
  # terraform is on PATH (or downloads one) for its file mismatch check.
  tfplugindocs validate --provider-name privatenumber --providers-schema "$work/schema.json"
fi
echo "docs generated with $engine"
