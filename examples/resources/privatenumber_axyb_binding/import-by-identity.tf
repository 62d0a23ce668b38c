# Adopt a driver's group by its identity (OpenTofu 1.12, Terraform 1.12 and
# later): the group's subscriptionId, and optionally the application's app_key,
# which must be the provider's. Write area_code in the resource: the platform
# does not report it, so the first apply records it without a request.
import {
  to = privatenumber_axyb_binding.driver
  identity = {
    id      = "6f1c0a4e9b2d4c7f8a3e5d1b2c4f6a8e"
    app_key = "a1b2c3d4e5f6"
  }
}
