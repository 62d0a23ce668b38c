# Adopt a pair made by script before Terraform: X_NUMBER/A_NUMBER/B_NUMBER
# (or the subscriptionId). Write x_number, not area_code, in the resource.
import {
  to = privatenumber_axb_binding.account["acme"]
  id = "+8617000000001/+8613800000001/+8613900000001"
}
