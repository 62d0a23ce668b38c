# Adopt an extension by its identity (OpenTofu 1.12, Terraform 1.12 and later):
# the subscriptionId, and optionally the application's app_key, which must be
# the provider's. `terraform query` writes such blocks (guide "Adopting bindings").
import {
  to = privatenumber_axe_binding.merchant["tea-house"]
  identity = {
    id      = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    app_key = "a1b2c3d4e5f6"
  }
}
