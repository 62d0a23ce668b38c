# Adopt a member by its identity (OpenTofu 1.12, Terraform 1.12 and later):
# SUBSCRIPTION_ID/B_NUMBER, and optionally the application's app_key, which
# must be the provider's.
import {
  to = privatenumber_axyb_member.customer["+8613900000001"]
  identity = {
    id      = "6f1c0a4e9b2d4c7f8a3e5d1b2c4f6a8e/+8613900000001"
    app_key = "a1b2c3d4e5f6"
  }
}
