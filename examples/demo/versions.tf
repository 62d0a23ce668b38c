terraform {
  required_version = ">= 1.5.7"
  required_providers {
    privatenumber = {
      # The full address, so that one dev_overrides entry in the CLI configuration
      # (scripts/demo.sh writes it) matches on OpenTofu and on Terraform alike: a bare
      # "privnum/privatenumber" means registry.opentofu.org/... to OpenTofu.
      source = "registry.terraform.io/privnum/privatenumber"
    }
  }
}
